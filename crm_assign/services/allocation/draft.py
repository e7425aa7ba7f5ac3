"""Draft an Allocation Plan: pick the customers and managers of a scope, run the engine, write the items."""

import json
import math
from collections import Counter
from dataclasses import replace

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime, nowdate

from crm_assign.core.allocation import (
	KEPT,
	PINNED,
	AllocationInputError,
	AllocationResult,
	Customer,
	Manager,
	allocate,
	gini,
)
from crm_assign.services.allocation.inputs import (
	engine_settings,
	load_customers,
	load_managers,
	on_leave_today,
	owned_counts,
	region_paths,
)

ITEM_FIELDS = [
	"name", "creation", "modified", "owner", "modified_by", "docstatus", "parent", "parenttype", "parentfield",
	"idx", "customer", "customer_name", "grade", "current_owner", "proposed_owner", "score", "reason",
	"apply_status",
]  # fmt: skip


INLINE_LIMIT = 5000  # customers; larger scopes are drafted by a background job


def scope_size(plan) -> int:
	from crm_assign.services.allocation.inputs import ALLOCATABLE_STATUSES

	filters, _pool, _leaving, _rebalance = scope_of(plan)
	return frappe.db.count("Managed Customer", {"status": ("in", ALLOCATABLE_STATUSES), **filters})


def subtree(doctype: str, name: str) -> list[str]:
	lft, rgt = frappe.db.get_value(doctype, name, ["lft", "rgt"])
	return frappe.get_all(doctype, filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name", limit=0)


def scope_of(plan) -> tuple[dict, list[str] | None, set[str], bool]:
	"""(customer filters, manager pool or None for all, managers leaving, is a rebalance of owned customers)."""
	if plan.scope == "Service Team":
		teams = subtree("Service Team", plan.scope_service_team)
		pool = frappe.get_all(
			"Account Manager", filters={"service_team": ("in", teams)}, pluck="name", limit=0
		)
		return {"service_team": ("in", teams)}, pool, set(), True
	if plan.scope == "Service Region":
		return (
			{"service_region": ("in", subtree("Service Region", plan.scope_service_region))},
			None,
			set(),
			True,
		)
	if plan.scope == "Unassigned":
		return {"account_manager": ("is", "not set")}, None, set(), False
	if plan.scope == "Account Manager Leaving":
		leaving = plan.scope_account_manager
		return {"account_manager": leaving}, None, {leaving}, False
	return {}, None, set(), True


def draft_proposal(plan, max_moves: int | None = None) -> AllocationResult:
	"""Run the engine for the plan's scope and replace the plan's items with its proposal."""
	filters, pool, leaving, rebalance = scope_of(plan)
	paths, coordinates = region_paths()
	unavailable = on_leave_today() | leaving
	customers = load_customers(filters)
	manager_rows = load_managers(pool, unavailable, paths)
	if not manager_rows:
		frappe.throw(_("There are no account managers in this scope to allocate customers to."))
	names = [m.name for m in manager_rows]
	owned_now = owned_counts(names)
	in_scope = Counter(c.account_manager for c in customers if c.account_manager)
	pinned = pinned_by_tenure(customers) if rebalance else set()

	settings = frappe.get_cached_doc("CRM Assign Settings")
	importance = grade_importance(settings)
	mean_score = sum(m.performance_score or 0 for m in manager_rows) / len(manager_rows) or 1
	managers = [
		Manager(
			id=m.name,
			capacity=max(0, (m.capacity or 0) - (owned_now.get(m.name, 0) - in_scope.get(m.name, 0))),
			level=m.level,
			skills=m.skills,
			regions=m.regions,
			available=m.available,
			performance=max(0.1, (m.performance_score or mean_score) / mean_score),
		)
		for m in manager_rows
	]
	engine_customers = [
		Customer(
			id=c.name,
			region=paths.get(c.service_region, ()),
			grade=c.grade or "C",
			required_skills=frozenset(c.required_skills),
			current_owner=c.account_manager,
			weight=importance.get(c.grade, 1),
			pinned=bool(c.pin_owner) or c.name in pinned,
			status=c.status.lower(),
		)
		for c in customers
	]
	hand_pinned = {c.name for c in customers if c.pin_owner}
	engine_customers = cap_pins(engine_customers, {m.id: m.capacity for m in managers}, hand_pinned)
	frappe.publish_progress(
		40, title=_("Running the allocation engine"), doctype="Allocation Plan", docname=plan.name
	)
	try:
		result = allocate(engine_customers, managers, engine_settings(coordinates, max_moves))
	except AllocationInputError as error:
		frappe.throw(_("The allocation engine cannot use this data: {0}").format(error))
	write_items(plan, customers, result)
	write_summary(plan, manager_rows, owned_now, result)
	return result


def cap_pins(customers: list[Customer], capacities: dict[str, int], hand_pinned: set[str]) -> list[Customer]:
	"""Keep at most a manager's capacity of pins (hand pins first); the rest may move like any customer."""
	kept: dict[str, int] = {}
	ordered = sorted(range(len(customers)), key=lambda i: customers[i].id not in hand_pinned)
	result = list(customers)
	for i in ordered:
		c = customers[i]
		if not c.pinned or not c.current_owner:
			continue
		kept[c.current_owner] = kept.get(c.current_owner, 0) + 1
		if kept[c.current_owner] > capacities.get(c.current_owner, 0):
			result[i] = replace(c, pinned=False)
	return result


def grade_importance(settings) -> dict[str, int]:
	if not settings.use_grade_weights:
		return {}
	return {
		grade: max(1, round(settings.get(f"grade_{grade.lower()}_weight") or 1)) for grade in ("A", "B", "C")
	}


def pinned_by_tenure(customers: list) -> set[str]:
	"""Customers that changed hands too recently to move again (CRM Assign Settings: minimum tenure)."""
	days = frappe.db.get_single_value("CRM Assign Settings", "min_tenure_days") or 0
	if not days:
		return set()
	since = getdate(add_days(nowdate(), -days))
	return {
		c.name for c in customers if c.account_manager and c.assigned_on and getdate(c.assigned_on) > since
	}


def write_items(plan, customers: list, result: AllocationResult) -> None:
	"""Replace the plan's items in bulk: one row per change of owner and per customer left unassigned."""
	item = frappe.qb.DocType("Allocation Plan Item")
	frappe.qb.from_(item).delete().where(item.parent == plan.name).run()
	info = {c.name: c for c in customers}
	stamp, user = now_datetime(), frappe.session.user
	rows, idx = [], 0
	for a in result.assignments:
		if a.kind in (KEPT, PINNED):
			continue
		idx += 1
		c = info[a.customer_id]
		rows.append(
			_item_row(plan, idx, stamp, user, c, a.manager_id, a.explanation.total, a.explanation.text)
		)
	for u in result.unassigned:
		idx += 1
		c = info[u.customer_id]
		rows.append(_item_row(plan, idx, stamp, user, c, None, 0, u.message))
	frappe.db.bulk_insert("Allocation Plan Item", ITEM_FIELDS, rows, chunk_size=5000)


def _item_row(plan, idx, stamp, user, customer, proposed, score, reason) -> tuple:
	return (
		frappe.generate_hash(length=12), stamp, stamp, user, user, 0, plan.name, "Allocation Plan", "items",
		idx, customer.name, customer.customer_name, customer.grade, customer.account_manager, proposed,
		round(score, 4), reason, "Pending",
	)  # fmt: skip


def write_summary(plan, manager_rows: list, owned_now: dict, result: AllocationResult) -> None:
	after = Counter(owned_now)
	for a in result.assignments:
		if a.previous_owner != a.manager_id:
			if a.previous_owner:
				after[a.previous_owner] -= 1
			after[a.manager_id] += 1
	loads = [
		{
			"manager": m.name,
			"manager_name": m.full_name or m.name,
			"capacity": m.capacity or 0,
			"before": owned_now.get(m.name, 0),
			"after": after.get(m.name, 0),
		}
		for m in manager_rows
	]
	available = {m.name for m in manager_rows if m.available}
	active = [row for row in loads if row["capacity"] and row["manager"] in available]
	moves = sum(1 for a in result.assignments if a.kind not in (KEPT, PINNED))
	plan.db_set(
		{
			"source": plan.source if plan.source != "Manual" else "Engine",
			"total_items": moves + len(result.unassigned),
			"moves": moves,
			"unassigned_count": len(result.unassigned),
			"gini_before": round(gini([r["before"] / r["capacity"] for r in active]), 4) if active else 0,
			"gini_after": round(gini([r["after"] / r["capacity"] for r in active]), 4) if active else 0,
			"objective": round(result.objective, 2),
			"manager_loads": json.dumps(loads, ensure_ascii=False),
			"engine_notes": "\n".join(result.notes),
			"needs_department_approval": needs_department_approval(plan.name, moves),
		},
		notify=True,
	)


def needs_department_approval(plan_name: str, moves: int) -> int:
	threshold = frappe.db.get_single_value("CRM Assign Settings", "approval_threshold_moves") or 0
	if moves > threshold:
		return 1
	item = frappe.qb.DocType("Allocation Plan Item")
	grade_a_moves = (
		frappe.qb.from_(item)
		.select(item.name)
		.where((item.parent == plan_name) & (item.grade == "A") & item.current_owner.isnotnull())
		.where(item.proposed_owner.isnotnull() & (item.proposed_owner != item.current_owner))
		.limit(1)
		.run()
	)
	return 1 if grade_a_moves else 0


def max_moves_budget(customer_count: int) -> int:
	percent = frappe.db.get_single_value("CRM Assign Settings", "max_moves_percent") or 0
	return math.floor(customer_count * percent / 100)
