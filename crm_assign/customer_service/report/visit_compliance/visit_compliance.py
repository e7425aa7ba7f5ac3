# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE
"""Visit Compliance: customers overdue for a visit under their grade's visit-frequency policy, and return
visits due in the period done on time (within the N working days set when they were scheduled), late or
missing, per account manager or team.

Three grouped reads limited to the user's rows (customers, each customer's last completed visit and
whether one is planned, return visits by owner and outcome); the policy itself is the pure
`crm_assign.core.visits.customers_due_for_visit`, the same rule the daily visit job applies.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Max
from frappe.utils import add_months, flt, getdate, today
from pypika.functions import Date

from crm_assign.core.visits import CustomerVisitState, customers_due_for_visit
from crm_assign.permissions.reports import restrict, visible_managers
from crm_assign.services.visit_jobs import visit_intervals
from crm_assign.services.visits import ACTIVE_STATUSES, RETURN_VISIT

CUSTOMER, VISIT = "Managed Customer", "Customer Visit"
BY_MANAGER, BY_TEAM = "Account Manager", "Service Team"
FIGURES = ("customers", "with_policy", "overdue", "on_time", "late", "missing", "pending")
CHART_ROWS = 30


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
	managers = load_managers(filters)
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


def load_managers(filters) -> dict:
	manager = frappe.qb.DocType("Account Manager")
	query = frappe.qb.from_(manager).select(manager.name, manager.full_name, manager.service_team)
	query = restrict(query, "Account Manager")
	if filters.account_manager:
		query = query.where(manager.name == filters.account_manager)
	if filters.service_team:
		query = query.where(manager.service_team == filters.service_team)
	return {row.name: row for row in query.run(as_dict=True)}


def count_overdue(filters, figures, managers: set[str]) -> None:
	"""Active owned customers, those under a visit policy, and those overdue for a visit today."""
	intervals = visit_intervals()
	customer = frappe.qb.DocType(CUSTOMER)
	query = (
		frappe.qb.from_(customer)
		.select(
			customer.name,
			customer.grade,
			customer.account_manager,
			Coalesce(customer.assigned_on, customer.creation).as_("known_since"),
		)
		.where(customer.status == "Active")
		.where(customer.account_manager.isnotnull())
	)
	query = restrict(query, CUSTOMER)
	if filters.account_manager:
		query = query.where(customer.account_manager == filters.account_manager)
	customers = [row for row in query.run(as_dict=True) if row.account_manager in managers]
	history = last_visits({row.name for row in customers} if len(customers) < 5000 else None)
	states, owner = [], {}
	for row in customers:
		fig = figures[row.account_manager]
		fig["customers"] += 1
		if (intervals.get(row.grade or "") or 0) > 0:
			fig["with_policy"] += 1
		last, planned = history.get(row.name, (None, 0))
		states.append(
			CustomerVisitState(
				row.name, row.grade, getdate(last) if last else None, getdate(row.known_since), bool(planned)
			)
		)
		owner[row.name] = row.account_manager
	for name, _last in customers_due_for_visit(states, intervals, getdate(filters.as_of or today())):
		figures[owner[name]]["overdue"] += 1


def last_visits(customers: set[str] | None) -> dict[str, tuple]:
	"""Customer -> (last completed visit, has a planned visit), in one grouped query."""
	visit = frappe.qb.DocType(VISIT)
	completed = Case().when(visit.status == "Completed", Coalesce(visit.completed_on, visit.planned_start))
	planned = Case().when(visit.status.isin(ACTIVE_STATUSES), 1).else_(0)
	query = (
		frappe.qb.from_(visit).select(visit.customer, Max(completed), Max(planned)).groupby(visit.customer)
	)
	if customers is not None:
		query = query.where(visit.customer.isin(list(customers) or [""]))
	return {row[0]: (row[1], row[2]) for row in query.run()}


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
