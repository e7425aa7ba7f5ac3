"""Daily visit jobs, set-based: overdue return visits (flag + one reminder a day) and the visit-frequency policy.

Both load what they need in a handful of grouped queries, decide in memory (``crm_assign.core.visits``) and
write in bulk, so their cost does not grow with a query per customer or per visit.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Max
from frappe.utils import getdate, now_datetime, nowdate

from crm_assign.core.visits import CustomerVisitState, customers_due_for_visit
from crm_assign.services.service_desk.recipients import team_leaders
from crm_assign.services.service_desk.visits import ACTIVE_STATUSES, RETURN_VISIT
from crm_assign.utils.bulk import bulk_set_values

LISTED_IN_REMINDER = 5
GRADE_SETTINGS = {"A": "visit_days_grade_a", "B": "visit_days_grade_b", "C": "visit_days_grade_c"}
TODO_CHUNK = 10_000


def daily_visit_jobs() -> None:
	"""Scheduler entry point (daily_long)."""
	remind_overdue_return_visits()
	create_visit_frequency_todos()


# -- overdue return visits ----------------------------------------------------------------------------------


def remind_overdue_return_visits(today: date | str | None = None) -> dict:
	"""Flag return visits past their due date and remind each owner and team leader once a day at most."""
	today = getdate(today or nowdate())
	visit = frappe.qb.DocType("Customer Visit")
	overdue = (
		(visit.visit_type == RETURN_VISIT)
		& visit.status.isin(ACTIVE_STATUSES)
		& (Coalesce(visit.return_visit_due, visit.planned_start) < today)
	)
	frappe.qb.update(visit).set(visit.is_overdue, 1).where(overdue & (visit.is_overdue == 0)).run()
	frappe.qb.update(visit).set(visit.is_overdue, 0).where(
		(visit.is_overdue == 1) & visit.status.notin(ACTIVE_STATUSES)
	).run()

	not_reminded_today = visit.last_reminded_on.isnull() | (visit.last_reminded_on < today)
	due = (
		frappe.qb.from_(visit)
		.select(visit.name, visit.account_manager, visit.customer_name, visit.return_visit_due)
		.where(overdue & not_reminded_today)
		.orderby(visit.return_visit_due)
		.run(as_dict=True)
	)
	if not due:
		return {"reminded_visits": 0, "notified_users": 0}
	frappe.qb.update(visit).set(visit.last_reminded_on, today).where(overdue & not_reminded_today).run()

	by_user = defaultdict(list)
	leaders = team_leaders({v.account_manager for v in due if v.account_manager})
	for row in due:
		for user in {row.account_manager, leaders.get(row.account_manager)} - {None}:
			by_user[user].append(row)
	for user, visits in by_user.items():
		listed = ", ".join(f"{v.name} ({v.customer_name})" for v in visits[:LISTED_IN_REMINDER])
		make_notification_logs(
			frappe._dict(
				type="Alert",
				document_type="Customer Visit",
				document_name=visits[0].name,
				subject=_("{0} return visits are overdue: {1}").format(len(visits), listed),
			),
			[user],
		)
	return {"reminded_visits": len(due), "notified_users": len(by_user)}


# -- visit frequency policy ------------------------------------------------------------------------------


def visit_intervals() -> dict[str, int]:
	settings = frappe.get_cached_doc("CRM Assign Settings")
	return {grade: settings.get(fieldname) or 0 for grade, fieldname in GRADE_SETTINGS.items()}


def load_visit_states() -> tuple[list[CustomerVisitState], dict[str, dict]]:
	"""Active owned customers with their last completed visit and whether a visit is planned (2 queries)."""
	customer = frappe.qb.DocType("Managed Customer")
	customers = (
		frappe.qb.from_(customer)
		.select(
			customer.name,
			customer.customer_name,
			customer.grade,
			customer.account_manager,
			customer._assign,
			Coalesce(customer.assigned_on, customer.creation).as_("known_since"),
		)
		.where(customer.status == "Active")
		.where(customer.account_manager.isnotnull())
		.run(as_dict=True)
	)
	visit = frappe.qb.DocType("Customer Visit")
	completed = Case().when(visit.status == "Completed", Coalesce(visit.completed_on, visit.planned_start))
	planned = Case().when(visit.status.isin(ACTIVE_STATUSES), 1).else_(0)
	history = {
		row[0]: (row[1], row[2])
		for row in frappe.qb.from_(visit)
		.select(visit.customer, Max(completed), Max(planned))
		.groupby(visit.customer)
		.run()
	}
	states = []
	for row in customers:
		last, has_planned = history.get(row.name, (None, 0))
		states.append(
			CustomerVisitState(
				row.name,
				row.grade,
				getdate(last) if last else None,
				getdate(row.known_since),
				bool(has_planned),
			)
		)
	return states, {row.name: row for row in customers}


def open_customer_todos() -> set[tuple[str, str]]:
	todo = frappe.qb.DocType("ToDo")
	return set(
		frappe.qb.from_(todo)
		.select(todo.reference_name, todo.allocated_to)
		.where(todo.reference_type == "Managed Customer")
		.where(todo.status == "Open")
		.run()
	)


def create_visit_frequency_todos(today: date | str | None = None) -> dict:
	"""A ToDo for the owner of every customer whose last visit is older than its grade's policy.

	Customers with an open ToDo for their owner, or with a visit already planned, are skipped, so the job can
	run every day without piling up to-dos.
	"""
	today = getdate(today or nowdate())
	intervals = visit_intervals()
	states, customers = load_visit_states()
	due = customers_due_for_visit(states, intervals, today)
	existing = open_customer_todos()
	new = [(name, last) for name, last in due if (name, customers[name].account_manager) not in existing]
	if not new:
		return {"due": len(due), "created": 0}

	now = now_datetime()
	user = frappe.session.user
	fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx", "status"]
	fields += ["priority", "date", "allocated_to", "description", "reference_type", "reference_name"]
	fields += ["assigned_by"]
	rows, assign = [], {}
	for name, last in new:
		row = customers[name]
		description = _("Visit {0} (grade {1}): last visit {2}, policy every {3} days.").format(
			row.customer_name or name, row.grade, frappe.format(last, "Date"), intervals[row.grade]
		)
		rows.append(
			(
				frappe.generate_hash(length=10),
				now,
				now,
				user,
				user,
				0,
				0,
				"Open",
				"Medium",
				today,
				row.account_manager,
				description,
				"Managed Customer",
				name,
				user,
			)
		)
		assigned = json.loads(row._assign) if row._assign else []
		if row.account_manager not in assigned:
			assign[name] = {"_assign": json.dumps([*assigned, row.account_manager])}
	for start in range(0, len(rows), TODO_CHUNK):
		frappe.db.bulk_insert("ToDo", fields, rows[start : start + TODO_CHUNK])
	bulk_set_values("Managed Customer", assign)
	return {"due": len(due), "created": len(rows)}
