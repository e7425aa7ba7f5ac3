"""Load what the allocation engine needs from the database, set-wise (a handful of queries per run)."""

from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe.query_builder.functions import Count
from frappe.utils import getdate, nowdate

from crm_assign.core.allocation import AllocationSettings, Customer, Manager, Region

ALLOCATABLE_STATUSES = ("Active", "Dormant")


@dataclass
class EngineInput:
	customers: list[Customer]
	managers: list[Manager]
	settings: AllocationSettings
	grades: dict[str, str]  # customer -> grade
	loads_before: dict[str, int]  # manager -> customers owned now (in and out of scope)
	capacities: dict[str, int]  # manager -> full capacity


def region_paths() -> tuple[dict[str, Region], dict[Region, tuple[float, float]]]:
	"""Every Service Region as a path from its root, and the coordinates of those that have them."""
	rows = frappe.get_all(
		"Service Region", fields=["name", "parent_service_region", "latitude", "longitude"], limit=0
	)
	parents = {r.name: r.parent_service_region for r in rows}
	paths: dict[str, Region] = {}

	def path_of(name: str) -> Region:
		if name not in paths:
			chain, seen, node = [], set(), name
			while node and node not in seen:  # the tree forbids cycles; `seen` guards bad data anyway
				seen.add(node)
				chain.append(node)
				node = parents.get(node)
			paths[name] = tuple(reversed(chain))
		return paths[name]

	for name in parents:
		path_of(name)
	coordinates = {paths[r.name]: (r.latitude, r.longitude) for r in rows if r.latitude or r.longitude}
	return paths, coordinates


def engine_settings(coordinates: dict | None = None, max_moves: int | None = None) -> AllocationSettings:
	settings = frappe.get_cached_doc("CRM Assign Settings")
	return AllocationSettings(
		skill_weight=settings.skill_weight or 0,
		region_weight=settings.region_weight or 0,
		load_weight=settings.load_weight or 0,
		move_cost=settings.stability_weight or 0,
		max_moves=max_moves,
		grade_a_needs_senior=bool(settings.grade_a_requires_senior),
		region_coordinates=coordinates or None,
	)


def on_leave_today(today=None) -> set[str]:
	leave = frappe.qb.DocType("Account Manager Leave")
	day = getdate(today or nowdate())
	return set(
		frappe.qb.from_(leave)
		.select(leave.parent)
		.where((leave.from_date <= day) & (leave.to_date >= day))
		.run(pluck=True)
	)


def load_managers(pool: list[str] | None, unavailable: set[str], paths: dict[str, Region]) -> list[dict]:
	"""Managers with skills and regions in three queries; `pool` limits them (None = every manager)."""
	filters = {"name": ("in", pool)} if pool is not None else {}
	rows = frappe.get_all(
		"Account Manager",
		filters=filters,
		fields=[
			"name",
			"user",
			"full_name",
			"service_team",
			"capacity",
			"level",
			"status",
			"performance_score",
			"current_load",
		],
		limit=0,
	)
	names = [r.name for r in rows]
	skills, regions = defaultdict(dict), defaultdict(list)
	if names:
		for s in frappe.get_all(
			"Account Manager Skill",
			filters={"parent": ("in", names), "parenttype": "Account Manager"},
			fields=["parent", "skill", "proficiency"],
			limit=0,
		):
			skills[s.parent][s.skill] = max(1, min(5, s.proficiency or 1))
		for r in frappe.get_all(
			"Account Manager Region",
			filters={"parent": ("in", names), "parenttype": "Account Manager"},
			fields=["parent", "service_region"],
			limit=0,
		):
			regions[r.parent].append(paths.get(r.service_region, (r.service_region,)))
	disabled = (
		set(
			frappe.get_all(
				"User", filters={"name": ("in", [r.user for r in rows]), "enabled": 0}, pluck="name", limit=0
			)
		)
		if rows
		else set()
	)
	for r in rows:
		r.skills = skills[r.name]
		r.regions = tuple(regions[r.name])
		r.available = r.status == "Active" and r.name not in unavailable and r.user not in disabled
	return rows


def load_customers(filters: dict) -> list[dict]:
	"""Allocatable customers matching `filters`, with their required skills (two queries)."""
	rows = frappe.get_all(
		"Managed Customer",
		filters={"status": ("in", ALLOCATABLE_STATUSES), **filters},
		fields=[
			"name",
			"customer_name",
			"service_region",
			"grade",
			"account_manager",
			"pin_owner",
			"status",
			"assigned_on",
		],
		order_by="name",
		limit=0,
	)
	required = defaultdict(set)
	if rows:
		skill = frappe.qb.DocType("Managed Customer Skill")
		customer = frappe.qb.DocType("Managed Customer")
		query = (
			frappe.qb.from_(skill)
			.join(customer)
			.on(customer.name == skill.parent)
			.select(skill.parent, skill.skill)
			.where(customer.status.isin(ALLOCATABLE_STATUSES))
		)
		names = {r.name for r in rows}
		for parent, name in query.run():
			if parent in names:
				required[parent].add(name)
	for r in rows:
		r.required_skills = required[r.name]
	return rows


def owned_counts(managers: list[str]) -> dict[str, int]:
	"""Manager -> how many Active or Dormant customers they own, in one grouped query."""
	if not managers:
		return {}
	customer = frappe.qb.DocType("Managed Customer")
	return dict(
		frappe.qb.from_(customer)
		.select(customer.account_manager, Count("*"))
		.where(customer.account_manager.isin(managers))
		.where(customer.status.isin(ALLOCATABLE_STATUSES))
		.groupby(customer.account_manager)
		.run()
	)
