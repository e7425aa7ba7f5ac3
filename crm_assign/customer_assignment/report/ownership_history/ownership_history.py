# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE
"""Ownership History: every change of owner of a customer (or to/from a manager) with the plan, its
approver and the reason, and the churn of ownership per week, month or quarter.

One query over the Ownership Log (joined to its Allocation Plan) limited to the user's rows, plus one count
of the customers they see for the churn rate.
"""

from datetime import date, timedelta

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import add_days, add_months, flt, getdate, today

from crm_assign.permissions.reports import restrict

LOG, CUSTOMER = "Ownership Log", "Managed Customer"
PERIODS = ("Week", "Month", "Quarter")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return (
		get_columns(),
		data,
		None,
		get_chart_data(data, filters.period or "Month"),
		get_report_summary(data, visible_customers()),
	)


def get_columns() -> list[dict]:
	def col(fieldname, label, fieldtype, width, options=None):
		column = {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}
		return {**column, "options": options} if options else column

	return [
		col("changed_at", "Changed At", "Datetime", 160),
		col("customer", "Customer", "Link", 140, CUSTOMER),
		col("customer_name", "Customer Name", "Data", 160),
		col("from_manager", "From Manager", "Link", 190, "Account Manager"),
		col("to_manager", "To Manager", "Link", 190, "Account Manager"),
		col("change_type", "Change Type", "Data", 100),
		col("allocation_plan", "Allocation Plan", "Link", 150, "Allocation Plan"),
		col("approved_by", "Approved By", "Link", 170, "User"),
		col("changed_by", "Changed By", "Link", 170, "User"),
		col("reason", "Reason", "Data", 240),
		col("period", "Period", "Data", 90),
	]


def date_range(filters) -> tuple[date, date]:
	start = getdate(filters.from_date or add_months(today(), -12))
	end = getdate(filters.to_date or today())
	return start, end


def get_data(filters) -> list[dict]:
	log = frappe.qb.DocType(LOG)
	plan = frappe.qb.DocType("Allocation Plan")
	start, end = date_range(filters)
	query = (
		frappe.qb.from_(log)
		.left_join(plan)
		.on(plan.name == log.allocation_plan)
		.select(
			log.changed_at,
			log.customer,
			log.customer_name,
			log.from_manager,
			log.to_manager,
			log.change_type,
			log.allocation_plan,
			plan.approved_by,
			log.changed_by,
			log.reason,
		)
		.where(log.changed_at >= start)
		.where(log.changed_at < add_days(end, 1))
		.orderby(log.changed_at, order=frappe.qb.desc)
		.orderby(log.name, order=frappe.qb.desc)
	)
	query = restrict(query, LOG)
	if filters.customer:
		query = query.where(log.customer == filters.customer)
	if filters.account_manager:
		query = query.where(
			(log.from_manager == filters.account_manager) | (log.to_manager == filters.account_manager)
		)
	if filters.change_type:
		query = query.where(log.change_type == filters.change_type)
	rows = query.run(as_dict=True)
	period = filters.period or "Month"
	labels = {t: _(t) for t in {row.change_type for row in rows} if t}
	for row in rows:
		row.period = period_key(row.changed_at.date(), period)
		row.change_type = labels.get(row.change_type)
	return rows


def period_key(day: date, period: str) -> str:
	if period == "Week":
		monday = day - timedelta(days=day.weekday())
		return monday.isoformat()
	if period == "Quarter":
		return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
	return f"{day.year}-{day.month:02d}"


def churn_by_period(data: list[dict]) -> list[tuple[str, int, int]]:
	"""(period, changes, distinct customers that changed hands), oldest first."""
	changes: dict[str, int] = {}
	customers: dict[str, set] = {}
	for row in data:
		changes[row.period] = changes.get(row.period, 0) + 1
		customers.setdefault(row.period, set()).add(row.customer)
	return [(p, changes[p], len(customers[p])) for p in sorted(changes)]


def visible_customers() -> int:
	customer = frappe.qb.DocType(CUSTOMER)
	query = frappe.qb.from_(customer).select(Count("*")).where(customer.account_manager.isnotnull())
	return restrict(query, CUSTOMER).run()[0][0]


def get_chart_data(data: list[dict], period: str) -> dict | None:
	churn = churn_by_period(data)
	if not churn:
		return None
	return {
		"data": {
			"labels": [p for p, _c, _n in churn],
			"datasets": [
				{"name": _("Changes of Owner"), "values": [c for _p, c, _n in churn], "chartType": "bar"},
				{"name": _("Customers"), "values": [n for _p, _c, n in churn], "chartType": "line"},
			],
		},
		"type": "axis-mixed",
		"colors": ["#5e64ff", "#ff5858"],
	}


def get_report_summary(data: list[dict], customers: int) -> list[dict]:
	changed = {row.customer for row in data}
	plans = {row.allocation_plan for row in data if row.allocation_plan}
	return [
		{"label": _("Changes of Owner"), "value": len(data), "datatype": "Int"},
		{"label": _("Customers Changed Hands"), "value": len(changed), "datatype": "Int"},
		{
			"label": _("Ownership Churn %"),
			"value": flt(100.0 * len(changed) / customers, 1) if customers else 0,
			"datatype": "Percent",
		},
		{"label": _("Allocation Plans"), "value": len(plans), "datatype": "Int"},
	]
