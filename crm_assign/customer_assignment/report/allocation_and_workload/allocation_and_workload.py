# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE
"""Allocation & Workload: customers by grade, load against capacity, skill and region fit per account
manager, team or customer region, with the Gini coefficient of load/capacity across the managers shown.

A handful of set-based reads whatever the size (managers; customers grouped by owner, region and grade
over a covering index; regions each manager covers; customers' and managers' skills; unassigned customers),
each limited to the rows the user may see (crm_assign.permissions.reports); the rest is done in memory.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import flt

from crm_assign.core.allocation import gini
from crm_assign.permissions.reports import restrict
from crm_assign.services.allocation.inputs import ALLOCATABLE_STATUSES

CUSTOMER = "Managed Customer"
GRADES = ("A", "B", "C")
BY_MANAGER, BY_TEAM, BY_REGION = "Account Manager", "Service Team", "Service Region"
CHART_ROWS = 30
FEW_CUSTOMERS = 5000


def execute(filters=None):
	filters = frappe._dict(filters or {})
	filters.group_by = filters.group_by or BY_MANAGER
	data, loads = get_data(filters)
	summary = get_report_summary(data, loads, unassigned_count(filters))
	return get_columns(filters), data, None, get_chart_data(data), summary


def get_columns(filters) -> list[dict]:
	if filters.group_by == BY_MANAGER:
		key = [
			_col("account_manager", "Account Manager", "Link", 180, "Account Manager"),
			_col("full_name", "Name", "Data", 120),
			_col("service_team", "Service Team", "Link", 130, "Service Team"),
			_col("level", "Level", "Data", 80),
			_col("status", "Status", "Data", 80),
		]
	elif filters.group_by == BY_TEAM:
		key = [
			_col("service_team", "Service Team", "Link", 160, "Service Team"),
			_col("managers", "Managers", "Int", 90),
		]
	else:
		key = [
			_col("service_region", "Service Region", "Link", 160, "Service Region"),
			_col("managers", "Managers", "Int", 90),
		]
	figures = [
		_col("grade_a", "Grade A", "Int", 80),
		_col("grade_b", "Grade B", "Int", 80),
		_col("grade_c", "Grade C", "Int", 80),
		_col("customers", "Customers", "Int", 90),
		_col("weighted_load", "Weighted Load", "Float", 110),
	]
	if filters.group_by != BY_REGION:
		figures += [
			_col("capacity", "Capacity", "Int", 90),
			_col("utilisation", "Utilisation %", "Percent", 110),
		]
	figures += [
		_col("skill_match", "Skill Match %", "Percent", 110),
		_col("same_region", "Same Region %", "Percent", 115),
	]
	return key + figures


def _col(fieldname, label, fieldtype, width, options=None) -> dict:
	column = {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}
	if options:
		column["options"] = options
	return column


# data ----------------------------------------------------------------------------------------------------


def get_data(filters) -> tuple[list[dict], dict]:
	"""Rows for the chosen grouping, and (load, capacity) of every manager shown, for the Gini."""
	managers = load_managers(filters)
	key = "service_region" if filters.group_by == BY_REGION else "account_manager"
	weights = grade_weights()
	covered = covered_regions()
	figures = defaultdict(_empty)
	for owner, region, grade, count in customers_by_grade(filters):
		row = figures[region if key == "service_region" else owner]
		row[f"grade_{(grade or 'C').lower()}"] += count
		row["customers"] += count
		row["weighted_load"] += count * weights.get(grade or "C", 1)
		if region and region in covered.get(owner, ()):
			row["same_region_count"] += count
	for owner, region in skill_misfits(filters):
		figures[region if key == "service_region" else owner]["skill_misfits"] += 1
	if filters.group_by == BY_REGION:
		for region, count in managers_per_region(filters):
			figures[region]["managers"] = count
	loads = {m: (figures[m]["customers"] if m in figures else 0, managers[m].capacity or 0) for m in managers}
	if filters.group_by == BY_MANAGER:
		rows = [manager_row(managers[m], figures.get(m) or _empty()) for m in managers]
	elif filters.group_by == BY_TEAM:
		rows = team_rows(managers, figures)
	else:
		rows = [
			{"service_region": region or _("(No Region)"), **fig}
			for region, fig in figures.items()
			if region is not None or fig["customers"]
		]
	for row in rows:
		finish(row, with_capacity=filters.group_by != BY_REGION)
	rows.sort(key=lambda r: (-(r.get("utilisation") or 0), -r["customers"]))
	return rows, loads


def _empty() -> dict:
	return {
		"grade_a": 0,
		"grade_b": 0,
		"grade_c": 0,
		"customers": 0,
		"weighted_load": 0.0,
		"skill_misfits": 0,
		"same_region_count": 0,
		"managers": 0,
		"capacity": 0,
	}


def manager_row(manager, fig: dict) -> dict:
	return {
		"account_manager": manager.name,
		"full_name": manager.full_name,
		"service_team": manager.service_team,
		"level": _(manager.level) if manager.level else None,
		"status": _(manager.status) if manager.status else None,
		**fig,
		"managers": 1,
		"capacity": manager.capacity or 0,
	}


def team_rows(managers: dict, figures: dict) -> list[dict]:
	teams = {}
	for name, manager in managers.items():
		team = manager.service_team or _("(No Team)")
		row = teams.setdefault(team, {"service_team": team, **_empty()})
		fig = figures.get(name) or _empty()
		for field in ("grade_a", "grade_b", "grade_c", "customers", "weighted_load", "skill_misfits"):
			row[field] += fig[field]
		row["same_region_count"] += fig["same_region_count"]
		row["managers"] += 1
		row["capacity"] += manager.capacity or 0
	return list(teams.values())


def finish(row: dict, with_capacity: bool) -> None:
	customers = row["customers"]
	if with_capacity:
		row["utilisation"] = flt(100.0 * customers / row["capacity"], 1) if row["capacity"] else None
	row["skill_match"] = (
		flt(100.0 * (customers - row.pop("skill_misfits")) / customers, 1) if customers else None
	)
	row["same_region"] = flt(100.0 * row.pop("same_region_count") / customers, 1) if customers else None
	row["weighted_load"] = flt(row["weighted_load"], 2)


def grade_weights() -> dict[str, float]:
	settings = frappe.get_cached_doc("CRM Assign Settings")
	if not settings.use_grade_weights:
		return {}
	return {g: flt(settings.get(f"grade_{g.lower()}_weight")) or 1 for g in GRADES}


# queries ---------------------------------------------------------------------------------------------------


def load_managers(filters) -> dict:
	manager = frappe.qb.DocType("Account Manager")
	query = frappe.qb.from_(manager).select(
		manager.name, manager.full_name, manager.service_team, manager.level, manager.status, manager.capacity
	)
	query = restrict(query, "Account Manager")
	if filters.service_team:
		query = query.where(manager.service_team.isin(team_and_below(filters.service_team)))
	if filters.account_manager:
		query = query.where(manager.name == filters.account_manager)
	if not filters.include_inactive:
		query = query.where(manager.status != "Inactive")
	return {row.name: row for row in query.orderby(manager.name).run(as_dict=True)}


def team_and_below(team: str) -> list[str]:
	table = frappe.qb.DocType("Service Team")
	bounds = frappe.db.get_value("Service Team", team, ["lft", "rgt"])
	if not bounds:
		return [team]
	return (
		frappe.qb.from_(table)
		.select(table.name)
		.where((table.lft >= bounds[0]) & (table.rgt <= bounds[1]))
		.run(pluck=True)
	)


def region_and_below(region: str) -> list[str]:
	table = frappe.qb.DocType("Service Region")
	bounds = frappe.db.get_value("Service Region", region, ["lft", "rgt"])
	if not bounds:
		return [region]
	return (
		frappe.qb.from_(table)
		.select(table.name)
		.where((table.lft >= bounds[0]) & (table.rgt <= bounds[1]))
		.run(pluck=True)
	)


def customer_query(filters):
	"""Assigned, allocatable customers the user may see, matching the filters."""
	customer = frappe.qb.DocType(CUSTOMER)
	query = (
		frappe.qb.from_(customer)
		.where(customer.status.isin(ALLOCATABLE_STATUSES))
		.where(customer.account_manager.isnotnull())
	)
	query = restrict(query, CUSTOMER)
	if filters.service_region:
		query = query.where(customer.service_region.isin(region_and_below(filters.service_region)))
	if filters.account_manager:
		query = query.where(customer.account_manager == filters.account_manager)
	elif filters.service_team:
		managers = frappe.qb.DocType("Account Manager")
		query = query.where(
			customer.account_manager.isin(
				frappe.qb.from_(managers)
				.select(managers.name)
				.where(managers.service_team.isin(team_and_below(filters.service_team)))
			)
		)
	return customer, query


def customers_by_grade(filters) -> list[tuple]:
	"""(owner, region, grade, customers): one grouped pass over a covering index."""
	customer, query = customer_query(filters)
	return (
		query.select(customer.account_manager, customer.service_region, customer.grade, Count("*"))
		.groupby(customer.account_manager, customer.service_region, customer.grade)
		.run()
	)


def covered_regions() -> dict[str, set[str]]:
	"""Account Manager -> every region they serve, sub-regions included (nested set; a few thousand rows)."""
	link = frappe.qb.DocType("Account Manager Region")
	served = frappe.qb.DocType("Service Region").as_("served")
	region = frappe.qb.DocType("Service Region")
	rows = (
		frappe.qb.from_(link)
		.join(served)
		.on(served.name == link.service_region)
		.join(region)
		.on((region.lft >= served.lft) & (region.rgt <= served.rgt))
		.select(link.parent, region.name)
		.where(link.parenttype == "Account Manager")
		.run()
	)
	covered = defaultdict(set)
	for manager, name in rows:
		covered[manager].add(name)
	return covered


def skill_misfits(filters) -> list[tuple[str, str]]:
	"""(owner, region) of each customer needing a skill their owner does not hold.

	Three flat reads joined in memory: faster than a join of 100k customers with their skill rows."""
	customer, query = customer_query(filters)
	owners = {
		name: (owner, region)
		for name, owner, region in query.select(
			customer.name, customer.account_manager, customer.service_region
		).run()
	}
	needed = frappe.qb.DocType("Managed Customer Skill")
	held_table = frappe.qb.DocType("Account Manager Skill")
	held = defaultdict(set)
	for manager, skill in (
		frappe.qb.from_(held_table)
		.select(held_table.parent, held_table.skill)
		.where(held_table.parenttype == "Account Manager")
		.run()
	):
		held[manager].add(skill)
	query = frappe.qb.from_(needed).select(needed.parent, needed.skill).where(needed.parenttype == CUSTOMER)
	if len(owners) <= FEW_CUSTOMERS:  # a manager's or a team's customers: read only their skill rows
		query = query.where(needed.parent.isin(list(owners) or [""]))
	misfits = set()
	for name, skill in query.run():
		owner = owners.get(name)
		if owner and skill not in held[owner[0]]:
			misfits.add(name)
	return [owners[name] for name in misfits]


def managers_per_region(filters) -> list[tuple]:
	customer, query = customer_query(filters)
	return (
		query.select(customer.service_region, Count(customer.account_manager).distinct())
		.groupby(customer.service_region)
		.run()
	)


def unassigned_count(filters) -> int:
	customer = frappe.qb.DocType(CUSTOMER)
	query = (
		frappe.qb.from_(customer)
		.select(Count("*"))
		.where(customer.status.isin(ALLOCATABLE_STATUSES))
		.where(customer.account_manager.isnull())
	)
	query = restrict(query, CUSTOMER)
	if filters.service_region:
		query = query.where(customer.service_region.isin(region_and_below(filters.service_region)))
	return query.run()[0][0]


# chart and summary -------------------------------------------------------------------------------------


def get_chart_data(data: list[dict]) -> dict | None:
	if not data:
		return None
	rows = data[:CHART_ROWS]
	label = next(k for k in ("full_name", "service_team", "service_region") if k in rows[0])
	datasets = [{"name": _("Customers"), "values": [r["customers"] for r in rows]}]
	if "utilisation" in rows[0]:
		datasets.append({"name": _("Capacity"), "values": [r["capacity"] for r in rows]})
	return {
		"data": {
			"labels": [r.get(label) or r.get("account_manager") or "" for r in rows],
			"datasets": datasets,
		},
		"type": "bar",
		"colors": ["#5e64ff", "#cbd5e1"],
		"barOptions": {"spaceRatio": 0.3},
	}


def get_report_summary(data: list[dict], loads: dict, unassigned: int = 0) -> list[dict]:
	customers = sum(r["customers"] for r in data)
	capacity = sum(c for _load, c in loads.values())
	loaded = sum(load for load, _c in loads.values())
	fairness = gini([load / cap for load, cap in loads.values() if cap > 0])
	skill = sum((r["skill_match"] or 0) * r["customers"] for r in data)
	near = sum((r["same_region"] or 0) * r["customers"] for r in data)
	return [
		{"label": _("Managers"), "value": len(loads), "datatype": "Int"},
		{"label": _("Customers"), "value": customers, "datatype": "Int"},
		{"label": _("Capacity"), "value": capacity, "datatype": "Int"},
		{
			"label": _("Unassigned Customers"),
			"value": unassigned,
			"datatype": "Int",
			"indicator": "Orange" if unassigned else "Green",
		},
		{
			"label": _("Utilisation %"),
			"value": flt(100.0 * loaded / capacity, 1) if capacity else 0,
			"datatype": "Percent",
			"indicator": "Red" if capacity and loaded > capacity else "Blue",
		},
		{
			"label": _("Skill Match %"),
			"value": flt(skill / customers, 1) if customers else 0,
			"datatype": "Percent",
		},
		{
			"label": _("Same Region %"),
			"value": flt(near / customers, 1) if customers else 0,
			"datatype": "Percent",
		},
		{
			"label": _("Gini of Load/Capacity"),
			"value": flt(fairness, 3),
			"datatype": "Float",
			"indicator": "Green" if fairness < 0.2 else "Orange" if fairness < 0.35 else "Red",
		},
	]
