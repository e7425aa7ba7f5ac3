# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE
"""Visit Compliance: customers overdue for a visit under their grade's visit-frequency policy, and return
visits due in the period done on time (within the N working days set when they were scheduled), late or
missing, per account manager or team.

Three grouped reads limited to the user's rows (customers by owner and grade; customers overdue, by owner,
against a derived table of each customer's last completed visit; return visits by owner and outcome).
The overdue rule is the one of `crm_assign.core.visits.customers_due_for_visit` (the daily visit job).
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Max
from frappe.utils import add_days, add_months, flt, getdate, today
from pypika.functions import Date

from crm_assign.permissions.reports import report_managers, restrict
from crm_assign.services.service_desk.visit_jobs import visit_intervals
from crm_assign.services.service_desk.visits import ACTIVE_STATUSES, RETURN_VISIT

CUSTOMER, VISIT = "Managed Customer", "Customer Visit"
BY_MANAGER, BY_TEAM = "Account Manager", "Service Team"
FIGURES = ("customers", "with_policy", "overdue", "on_time", "late", "missing", "pending")
CHART_ROWS = 30
LAST_VISIT_INDEX = "customer_status_completed_on_index"  # Customer Visit's on_doctype_update


def execute(filters=None):
	filters = frappe._dict(filters or {})
	filters.group_by = filters.group_by if filters.group_by in (BY_MANAGER, BY_TEAM) else BY_MANAGER
	data = get_data(filters)
	return get_columns(filters), data, None, get_chart_data(data, filters), get_report_summary(data)


def get_columns(filters) -> list[dict]:
	def col(fieldname, label, fieldtype="Int", width=100, options=None):
		column = {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}
		return {**column, "options": options} if options else column

	if filters.group_by == BY_MANAGER:
		key = [
			col("account_manager", "Account Manager", "Link", 190, "Account Manager"),
			col("full_name", "Name", "Data", 120),
			col("service_team", "Service Team", "Link", 130, "Service Team"),
		]
	else:
		key = [col("service_team", "Service Team", "Link", 170, "Service Team")]
	return [
		*key,
		col("customers", "Active Customers", width=120),
		col("with_policy", "With Visit Policy", width=120),
		col("overdue", "Overdue for Visit", width=125),
		col("overdue_pct", "Overdue %", "Percent", 100),
		col("on_time", "Return Visits On Time", width=150),
		col("late", "Late", width=80),
		col("missing", "Missing", width=80),
		col("pending", "Not Yet Due", width=100),
		col("compliance", "Return Visit Compliance %", "Percent", 170),
	]


# data ------------------------------------------------------------------------------------------------------


def get_data(filters) -> list[dict]:
	managers = report_managers(filters)
	figures = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
	count_overdue(filters, figures, set(managers))
	count_return_visits(filters, figures, set(managers))
	rows = []
	for name, manager in managers.items():
		fig = figures.get(name)
		if not fig:
			continue
		rows.append(
			{
				"account_manager": name,
				"full_name": manager.full_name,
				"service_team": manager.service_team,
				**fig,
			}
		)
	if filters.group_by == BY_TEAM:
		teams = {}
		for row in rows:
			team = teams.setdefault(
				row["service_team"], {"service_team": row["service_team"], **dict.fromkeys(FIGURES, 0)}
			)
			for field in FIGURES:
				team[field] += row[field]
		rows = list(teams.values())
	for row in rows:
		finish(row)
	rows.sort(key=lambda r: (-(r["missing"] + r["late"] + r["overdue"]), r.get("account_manager") or ""))
	return rows


def finish(row: dict) -> None:
	judged = row["on_time"] + row["late"] + row["missing"]
	row["compliance"] = flt(100.0 * row["on_time"] / judged, 1) if judged else None
	row["overdue_pct"] = flt(100.0 * row["overdue"] / row["with_policy"], 1) if row["with_policy"] else None


def count_overdue(filters, figures, managers: set[str]) -> None:
	"""Active owned customers, those under a visit policy, and those overdue for a visit, per owner.

	The rule of `crm_assign.core.visits.customers_due_for_visit` (and of the daily visit job), in SQL so that
	100k customers come back as one row per manager: a customer is overdue when nothing is planned and its
	last completed visit (never visited: the day it came in) is at least its grade's interval old, i.e. on or
	before `today - interval`."""
	intervals = visit_intervals()
	day = getdate(filters.as_of or today())
	customer = frappe.qb.DocType(CUSTOMER)
	base = (
		frappe.qb.from_(customer)
		.where(customer.status == "Active")
		.where(customer.account_manager.isnotnull())
	)
	base = restrict(base, CUSTOMER)
	if filters.account_manager:
		base = base.where(customer.account_manager == filters.account_manager)
	for owner, grade, count in (
		base.select(customer.account_manager, customer.grade, Count("*"))
		.groupby(customer.account_manager, customer.grade)
		.run()
	):
		if owner in managers:
			figures[owner]["customers"] += count
			if (intervals.get(grade or "") or 0) > 0:
				figures[owner]["with_policy"] += count
	due_by_grade = [(g, add_days(day, -n)) for g, n in intervals.items() if n and n > 0]
	if not due_by_grade:
		return
	history = visit_history()
	last_contact = Date(Coalesce(history.last_visit, customer.assigned_on, customer.creation))
	overdue = None
	for grade, cutoff in due_by_grade:
		condition = (customer.grade == grade) & (last_contact <= cutoff)
		overdue = condition if overdue is None else overdue | condition
	query = (
		base.left_join(history)
		.on(history.customer == customer.name)
		.select(customer.account_manager, Count("*"))
		.where(Coalesce(history.planned, 0) == 0)
		.where(overdue)
		.groupby(customer.account_manager)
	)
	for owner, count in query.run():
		if owner in managers:
			figures[owner]["overdue"] += count


def visit_history():
	"""Derived table: per customer, the last completed visit and whether a visit is planned (the index
	(customer, status, completed_on) answers it alone; a Completed visit always has `completed_on`)."""
	visit = frappe.qb.DocType(VISIT)
	planned = Case().when(visit.status.isin(ACTIVE_STATUSES), 1).else_(0)
	completed = Case().when(visit.status == "Completed", visit.completed_on)
	return (
		frappe.qb.from_(visit)
		.force_index(LAST_VISIT_INDEX)  # else MariaDB picks `status` and reads every row
		.select(visit.customer, Max(completed).as_("last_visit"), Max(planned).as_("planned"))
		.groupby(visit.customer)
	).as_("history")


def count_return_visits(filters, figures, managers: set[str]) -> None:
	"""Return visits due in the period, by owner: on time, late, missing (past due, not done), not yet due."""
	visit = frappe.qb.DocType(VISIT)
	start = getdate(filters.from_date or add_months(today(), -3))
	end = getdate(filters.to_date or today())
	day = getdate(filters.as_of or today())
	done_on = Coalesce(visit.completed_on, visit.planned_start)
	outcome = (
		Case()
		.when((visit.status == "Completed") & (Date(done_on) <= visit.return_visit_due), "on_time")
		.when(visit.status == "Completed", "late")
		.when(visit.return_visit_due < day, "missing")
		.else_("pending")
	)
	query = (
		frappe.qb.from_(visit)
		.select(visit.account_manager, outcome.as_("outcome"), Count("*"))
		.where(visit.visit_type == RETURN_VISIT)
		.where(visit.status != "Cancelled")
		.where(visit.return_visit_due >= start)
		.where(visit.return_visit_due <= end)
		.groupby(visit.account_manager, outcome)
	)
	query = restrict(query, VISIT)
	if filters.account_manager:
		query = query.where(visit.account_manager == filters.account_manager)
	for manager, kind, count in query.run():
		if manager in managers:
			figures[manager][kind] += count


# chart and summary -------------------------------------------------------------------------------------


def get_chart_data(data: list[dict], filters) -> dict | None:
	if not data:
		return None
	rows = data[:CHART_ROWS]
	label = "full_name" if filters.group_by == BY_MANAGER else "service_team"
	return {
		"data": {
			"labels": [r.get(label) or r.get("account_manager") or "" for r in rows],
			"datasets": [
				{"name": _("On Time"), "values": [r["on_time"] for r in rows]},
				{"name": _("Late"), "values": [r["late"] for r in rows]},
				{"name": _("Missing"), "values": [r["missing"] for r in rows]},
				{"name": _("Overdue for Visit"), "values": [r["overdue"] for r in rows]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#29cd42", "#ecad4b", "#ff5858", "#5e64ff"],
	}


def get_report_summary(data: list[dict]) -> list[dict]:
	total = {field: sum(r[field] for r in data) for field in FIGURES}
	finish(total)
	return [
		{"label": _("Active Customers"), "value": total["customers"], "datatype": "Int"},
		{
			"label": _("Overdue for Visit"),
			"value": total["overdue"],
			"datatype": "Int",
			"indicator": "Red" if total["overdue"] else "Green",
		},
		{"label": _("Return Visits On Time"), "value": total["on_time"], "datatype": "Int"},
		{"label": _("Late"), "value": total["late"], "datatype": "Int"},
		{
			"label": _("Missing"),
			"value": total["missing"],
			"datatype": "Int",
			"indicator": "Red" if total["missing"] else "Green",
		},
		{"label": _("Return Visit Compliance %"), "value": total["compliance"] or 0, "datatype": "Percent"},
	]
