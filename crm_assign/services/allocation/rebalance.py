"""Dynamic adjustment: draft plans when load drifts or managers leave, and leave delegation with hand-back.

Drafted plans are never applied without approval. Delegation during leave is the one automatic change of
owner (the policy's deputy rule): customers go to a deputy for the leave period and come back after it,
each move logged as Delegation / Hand-back.
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from crm_assign.core.allocation import AllocationSettings, gini
from crm_assign.core.auto_assign import Candidate, ranked_candidates
from crm_assign.services.allocation.auto_assign import cached_pool, cached_regions, clear_caches
from crm_assign.services.allocation.inputs import ALLOCATABLE_STATUSES, engine_settings, owned_counts
from crm_assign.services.allocation.ownership import bulk_change_owners
from crm_assign.utils.jobs import enqueue_long_job


def draft_plan(title: str, scope: str, source: str, max_moves: int | None = None, **scope_values) -> str:
	plan = frappe.get_doc(
		{"doctype": "Allocation Plan", "title": title, "scope": scope, "source": source, **scope_values}
	)
	plan.insert(ignore_permissions=True)
	enqueue_long_job(
		"crm_assign.services.allocation.rebalance.fill_plan",
		f"allocation_plan_draft::{plan.name}",
		plan_name=plan.name,
		max_moves=max_moves,
	)
	return plan.name


def fill_plan(plan_name: str, max_moves: int | None = None) -> None:
	from crm_assign.services.allocation.draft import draft_proposal

	draft_proposal(frappe.get_doc("Allocation Plan", plan_name), max_moves)


def draft_plan_for_leaving_manager(manager: str) -> str | None:
	owns = frappe.db.exists(
		"Managed Customer", {"account_manager": manager, "status": ("in", ALLOCATABLE_STATUSES)}
	)
	open_plan = frappe.db.exists(
		"Allocation Plan",
		{"scope": "Account Manager Leaving", "scope_account_manager": manager, "docstatus": 0},
	)
	if not owns or open_plan:
		return None
	return draft_plan(
		_("Customers of {0}, who is leaving").format(manager),
		"Account Manager Leaving",
		"Leave",
		scope_account_manager=manager,
	)


def weekly_rebalance() -> str | None:
	"""Draft a rebalancing plan when load is uneven beyond the threshold, within the stability budget."""
	from crm_assign.services.allocation.draft import max_moves_budget

	settings = frappe.get_cached_doc("CRM Assign Settings")
	managers = frappe.get_all(
		"Account Manager", filters={"status": "Active"}, fields=["name", "capacity"], limit=0
	)
	managers = [m for m in managers if m.capacity]
	if not managers:
		return None
	loads = owned_counts([m.name for m in managers])
	spread = gini([loads.get(m.name, 0) / m.capacity for m in managers])
	if spread * 100 <= (settings.rebalance_threshold_percent or 0):
		return None
	if frappe.db.exists("Allocation Plan", {"source": "Scheduled Rebalance", "docstatus": 0}):
		return None
	customers = frappe.db.count("Managed Customer", {"status": ("in", ALLOCATABLE_STATUSES)})
	return draft_plan(
		_("Rebalance: load Gini {0}").format(round(spread, 3)),
		"All",
		"Scheduled Rebalance",
		max_moves=max_moves_budget(customers),
	)


def daily_leave_delegation(today=None) -> dict:
	"""Hand the customers of managers starting leave to deputies; give them back when the leave is over."""
	today = getdate(today or nowdate())
	started = delegate_starting_leaves(today)
	returned = hand_back_finished_leaves(today)
	if started or returned:
		clear_caches()
	return {"delegated": started, "handed_back": returned}


def leave_rows(condition) -> list:
	leave = frappe.qb.DocType("Account Manager Leave")
	return (
		frappe.qb.from_(leave)
		.select(leave.name, leave.parent, leave.from_date, leave.to_date, leave.deputy)
		.where(leave.parenttype == "Account Manager")
		.where(condition(leave))
		.run(as_dict=True)
	)


def delegate_starting_leaves(today) -> int:
	rows = leave_rows(lambda l: (l.from_date <= today) & (l.to_date >= today) & (l.delegated == 0))
	moved = 0
	for row in rows:
		customers = frappe.get_all(
			"Managed Customer",
			filters={"account_manager": row.parent, "status": ("in", ALLOCATABLE_STATUSES)},
			fields=["name", "customer_name", "service_region", "grade"],
			limit=0,
		)
		deputies = choose_deputies(row, customers)
		changes = [
			(c.name, c.customer_name, row.parent, deputies[c.name]) for c in customers if deputies.get(c.name)
		]
		bulk_change_owners(changes, "Delegation", _("Leave {0} to {1}").format(row.from_date, row.to_date))
		frappe.db.set_value("Account Manager Leave", row.name, "delegated", 1)
		moved += len(changes)
	return moved


def choose_deputies(leave_row, customers: list) -> dict[str, str]:
	"""The named deputy takes all; otherwise each customer goes to the cheapest available manager."""
	if leave_row.deputy:
		return {c.name: leave_row.deputy for c in customers}
	pool = {name: p for name, p in cached_pool().items() if name != leave_row.parent}
	loads = owned_counts(list(pool))
	paths, coordinates = cached_regions()
	settings: AllocationSettings = engine_settings(coordinates)
	chosen = {}
	for c in customers:
		candidates = [
			Candidate(
				n,
				p["capacity"],
				loads.get(n, 0),
				p["level"],
				p["skills"],
				tuple(p["regions"]),
				p["performance"],
			)
			for n, p in pool.items()
		]
		ranked = ranked_candidates(
			paths.get(c.service_region, ()), c.grade, frozenset(), candidates, settings
		)
		if ranked:
			chosen[c.name] = ranked[0].manager_id
			loads[ranked[0].manager_id] = loads.get(ranked[0].manager_id, 0) + 1
	return chosen


def hand_back_finished_leaves(today) -> int:
	rows = leave_rows(lambda l: (l.to_date < today) & (l.delegated == 1) & (l.handed_back == 0))
	returned = 0
	for row in rows:
		log = frappe.qb.DocType("Ownership Log")
		delegated = (
			frappe.qb.from_(log)
			.select(log.customer, log.customer_name, log.to_manager)
			.where((log.from_manager == row.parent) & (log.change_type == "Delegation"))
			.where(log.changed_at >= getdate(row.from_date))
			.where(log.changed_at < add_days(getdate(row.to_date), 1))
			.run(as_dict=True)
		)
		current = dict(
			frappe.get_all(
				"Managed Customer",
				filters={"name": ("in", [d.customer for d in delegated] or [""])},
				fields=["name", "account_manager"],
				as_list=True,
			)
		)
		changes = [
			(d.customer, d.customer_name, d.to_manager, row.parent)
			for d in delegated
			if current.get(d.customer)
			== d.to_manager  # a deputy's customer moved meanwhile stays where it is
		]
		bulk_change_owners(
			changes, "Hand-back", _("Back from leave {0} to {1}").format(row.from_date, row.to_date)
		)
		frappe.db.set_value("Account Manager Leave", row.name, "handed_back", 1)
		returned += len(changes)
	return returned
