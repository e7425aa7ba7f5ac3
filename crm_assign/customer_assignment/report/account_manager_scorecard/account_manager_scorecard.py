# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE
"""Account Manager Scorecard: per manager and period — satisfaction (visits and complaints), retention,
repeat purchases, referrals, net sales against the Sales Target, complaints and their SLA, return-visit
compliance and data completeness — a weighted score (Scorecard Settings) and the rank within the team.

Definitions (all over the period [from, to]):
- satisfaction: mean rating of completed visits and resolved complaints, as % of 5 stars;
- retention: of the customers they own that bought in the 12 months before `from`, the share that bought
  again in the period;
- repeat purchase: of their customers who bought in the period, the share who bought at least twice;
- referrals: their customers from the Referral channel created in the period;
- sales vs target: net sales credited to them (sales − returns, submitted) / their Sales Targets' months;
- complaint SLA: complaints opened in the period resolved by the resolution due time / those judged;
- visit compliance: return visits due in the period done on time / (on time + late + missing);
- data completeness: mean completeness of the customers they own.
One grouped query per figure (set-based), each limited to the user's rows.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, Sum
from frappe.utils import add_days, add_months, flt, get_first_day, getdate, now_datetime, today

from crm_assign.customer_assignment.doctype.scorecard_settings.scorecard_settings import WEIGHT_FIELDS
from crm_assign.customer_service.report.visit_compliance.visit_compliance import count_return_visits
from crm_assign.permissions.reports import report_managers, restrict, visible_managers

CUSTOMER, TRANSACTION = "Managed Customer", "Customer Transaction"
CHART_ROWS = 30


def execute(filters=None):
	filters = frappe._dict(filters or {})
	filters.from_date = getdate(filters.from_date or add_months(today(), -3))
	filters.to_date = getdate(filters.to_date or today())
	data = get_data(filters)
	return get_columns(), data, None, get_chart_data(data), get_report_summary(data)


def get_columns() -> list[dict]:
	def col(fieldname, label, fieldtype="Percent", width=110, options=None):
		column = {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}
		return {**column, "options": options} if options else column

	return [
		col("account_manager", "Account Manager", "Link", 190, "Account Manager"),
		col("full_name", "Name", "Data", 110),
		col("service_team", "Service Team", "Link", 130, "Service Team"),
		col("score", "Score", "Float", 80),
		col("rank_in_team", "Rank in Team", "Int", 100),
		col("satisfaction", "Satisfaction %"),
		col("retention", "Retention %"),
		col("repeat_purchase", "Repeat Purchase %", width=130),
		col("referrals", "Referrals", "Int", 90),
		col("net_sales", "Net Sales", "Currency", 120),
		col("sales_target", "Sales Target", "Currency", 120),
		col("sales_attainment", "Sales vs Target %", width=130),
		col("complaints", "Complaints", "Int", 95),
		col("complaint_sla", "Complaint SLA Met %", width=140),
		col("visit_compliance", "Visit Compliance %", width=135),
		col("data_completeness", "Data Completeness %", width=145),
	]


# data ------------------------------------------------------------------------------------------------------


def get_data(filters) -> list[dict]:
	managers = report_managers(filters, active_only=True)
	if not managers:
		return []
	# the department without filters sees every manager: no IN list of a thousand names in each query
	everyone = visible_managers() is None and not (filters.service_team or filters.account_manager)
	names = None if everyone else list(managers)
	rows = {
		name: frappe._dict(account_manager=name, full_name=m.full_name, service_team=m.service_team)
		for name, m in managers.items()
	}
	satisfaction(filters, names, rows)
	retention_and_repeat(filters, names, rows)
	referrals(filters, names, rows)
	sales(filters, names, rows)
	complaint_sla(filters, names, rows)
	visit_compliance(filters, set(managers), rows)
	data_completeness(names, rows)
	weights = frappe.get_cached_doc("Scorecard Settings").weights()
	for row in rows.values():
		row.score = weighted_score(row, weights)
	rank_within_teams(rows.values())
	return sorted(rows.values(), key=lambda r: (r.service_team or "", r.rank_in_team))


def among(column, names):
	"""`column in names`, or no condition at all when `names` is every manager (a department user)."""
	return column.isin(names) if names is not None else column.isnotnull()


def percent(part, whole) -> float | None:
	return flt(100.0 * part / whole, 1) if whole else None


def satisfaction(filters, names, rows) -> None:
	total, count = defaultdict(float), defaultdict(int)
	end = add_days(filters.to_date, 1)
	for doctype, done in (("Customer Visit", "completed_on"), ("Customer Complaint", "resolved_on")):
		table = frappe.qb.DocType(doctype)
		query = (
			frappe.qb.from_(table)
			.select(table.account_manager, Sum(table.satisfaction), Count("*"))
			.where(among(table.account_manager, names))
			.where(table.satisfaction > 0)
			.where(table[done] >= filters.from_date)
			.where(table[done] < end)
			.groupby(table.account_manager)
		)
		for manager, rating, n in restrict(query, doctype).run():
			total[manager] += float(rating or 0)
			count[manager] += n
	for name, row in rows.items():
		row.satisfaction = percent(total[name], count[name])


def retention_and_repeat(filters, names, rows) -> None:
	"""Each customer's sales in the 12 months before the period and in it, counted per current owner.

	Two grouped reads combined here: the sales per customer in one pass over the (customer, date,
	docstatus, type, amount) index, and the owners of the customers the user sees. Joining the two in
	SQL made MariaDB materialise 100k grouped rows with wide keys in an on-disk temporary table (6 s at
	1M sales); this way it is two index scans (about 1 s at 1M sales, most of it reading 100k rows into
	Python).
	"""
	customer = frappe.qb.DocType(CUSTOMER)

	def owned(*columns):
		query = frappe.qb.from_(customer).select(*columns).where(among(customer.account_manager, names))
		return restrict(query, CUSTOMER)

	owner_of = dict(owned(customer.name, customer.account_manager).run())
	sale = frappe.qb.DocType(TRANSACTION)
	start, end = filters.from_date, filters.to_date
	per_customer = (
		frappe.qb.from_(sale)
		.select(
			sale.customer,
			Count(Case().when(sale.transaction_date < start, 1)),  # integers: no Decimal per row
			Count(Case().when(sale.transaction_date >= start, 1)),
		)
		.where(sale.docstatus == 1)
		.where(sale.transaction_type == "Sale")
		.where(sale.transaction_date >= add_days(start, -365))
		.where(sale.transaction_date <= end)
		.groupby(sale.customer)
	)
	if names is not None:  # only the customers of the managers shown, not every sale of the site
		per_customer = per_customer.where(sale.customer.isin(owned(customer.name)))
	figures = defaultdict(lambda: [0, 0, 0, 0])  # base, kept, buyers, repeaters
	for name, before, in_period in per_customer.run():
		manager = owner_of.get(name)
		if manager is None:
			continue
		counts = figures[manager]
		counts[0] += before > 0
		counts[1] += before > 0 and in_period > 0
		counts[2] += in_period > 0
		counts[3] += in_period > 1
	for name, row in rows.items():
		base, kept, buyers, repeaters = figures.get(name, (0, 0, 0, 0))
		row.retention = percent(kept, base)
		row.repeat_purchase = percent(repeaters, buyers)


def referrals(filters, names, rows) -> None:
	customer = frappe.qb.DocType(CUSTOMER)
	query = (
		frappe.qb.from_(customer)
		.select(customer.account_manager, Count("*"))
		.where(among(customer.account_manager, names))
		.where(customer.source_channel == "Referral")
		.where(customer.creation >= filters.from_date)
		.where(customer.creation < add_days(filters.to_date, 1))
		.groupby(customer.account_manager)
	)
	counts = dict(restrict(query, CUSTOMER).run())
	for name, row in rows.items():
		row.referrals = counts.get(name, 0)


def sales(filters, names, rows) -> None:
	sale = frappe.qb.DocType(TRANSACTION)
	signed = Case().when(sale.transaction_type == "Return", -sale.amount).else_(sale.amount)
	query = (
		frappe.qb.from_(sale)
		.select(sale.account_manager, Sum(signed))
		.where(sale.docstatus == 1)
		.where(among(sale.account_manager, names))
		.where(sale.transaction_date >= filters.from_date)
		.where(sale.transaction_date <= filters.to_date)
		.groupby(sale.account_manager)
	)
	net = dict(restrict(query, TRANSACTION).run())
	target = frappe.qb.DocType("Sales Target")
	query = (
		frappe.qb.from_(target)
		.select(target.account_manager, Sum(target.target_amount))
		.where(among(target.account_manager, names))
		.where(target.month >= get_first_day(filters.from_date))
		.where(target.month <= filters.to_date)
		.groupby(target.account_manager)
	)
	targets = dict(restrict(query, "Sales Target").run())
	for name, row in rows.items():
		row.net_sales = flt(net.get(name) or 0, 2)
		row.sales_target = flt(targets.get(name) or 0, 2)
		row.sales_attainment = percent(row.net_sales, row.sales_target)


def complaint_sla(filters, names, rows) -> None:
	complaint = frappe.qb.DocType("Customer Complaint")
	met = (complaint.resolved_on.isnotnull()) & (complaint.resolved_on <= complaint.resolution_by)
	late = complaint.resolution_by.isnotnull() & (
		(complaint.resolved_on > complaint.resolution_by)
		| (complaint.resolved_on.isnull() & (complaint.resolution_by < now_datetime()))
	)
	query = (
		frappe.qb.from_(complaint)
		.select(
			complaint.account_manager,
			Count("*"),
			Sum(Case().when(met, 1).else_(0)),
			Sum(Case().when(late, 1).else_(0)),
		)
		.where(among(complaint.account_manager, names))
		.where(complaint.opened_on >= filters.from_date)
		.where(complaint.opened_on < add_days(filters.to_date, 1))
		.groupby(complaint.account_manager)
	)
	figures = {row[0]: row[1:] for row in restrict(query, "Customer Complaint").run()}
	for name, row in rows.items():
		count, on_time, overdue = figures.get(name, (0, 0, 0))
		row.complaints = count
		row.complaint_sla = percent(on_time, (on_time or 0) + (overdue or 0))


def visit_compliance(filters, names: set[str], rows) -> None:
	figures = defaultdict(lambda: {"on_time": 0, "late": 0, "missing": 0, "pending": 0})
	count_return_visits(filters, figures, names)
	for name, row in rows.items():
		fig = figures.get(name) or {"on_time": 0, "late": 0, "missing": 0}
		row.visit_compliance = percent(fig["on_time"], fig["on_time"] + fig["late"] + fig["missing"])


def data_completeness(names, rows) -> None:
	customer = frappe.qb.DocType(CUSTOMER)
	query = (
		frappe.qb.from_(customer)
		.select(customer.account_manager, Avg(customer.data_completeness))
		.where(among(customer.account_manager, names))
		.where(customer.status.isin(("Active", "Dormant")))
		.groupby(customer.account_manager)
	)
	averages = dict(restrict(query, CUSTOMER).run())
	for name, row in rows.items():
		value = averages.get(name)
		row.data_completeness = flt(value, 1) if value is not None else None


def weighted_score(row, weights: dict[str, float]) -> float | None:
	"""Weighted mean of the figures the manager has (sales vs target capped at 100)."""
	total = weight_sum = 0.0
	for figure, weight in weights.items():
		value = row.get(figure)
		if value is None or not weight:
			continue
		total += weight * min(float(value), 100.0)
		weight_sum += weight
	return flt(total / weight_sum, 1) if weight_sum else None


def rank_within_teams(rows) -> None:
	teams = defaultdict(list)
	for row in rows:
		teams[row.service_team].append(row)
	for members in teams.values():
		members.sort(key=lambda r: (-(r.score or 0), r.account_manager))
		for rank, row in enumerate(members, start=1):
			row.rank_in_team = rank


# chart and summary -------------------------------------------------------------------------------------


def get_chart_data(data: list[dict]) -> dict | None:
	rows = sorted((r for r in data if r.score is not None), key=lambda r: -r.score)[:CHART_ROWS]
	if not rows:
		return None
	return {
		"data": {
			"labels": [r.full_name or r.account_manager for r in rows],
			"datasets": [{"name": _("Score"), "values": [r.score for r in rows]}],
		},
		"type": "bar",
		"colors": ["#5e64ff"],
	}


def get_report_summary(data: list[dict]) -> list[dict]:
	scores = [r.score for r in data if r.score is not None]
	net = sum(r.net_sales for r in data)
	target = sum(r.sales_target for r in data)
	return [
		{"label": _("Managers"), "value": len(data), "datatype": "Int"},
		{
			"label": _("Average Score"),
			"value": flt(sum(scores) / len(scores), 1) if scores else 0,
			"datatype": "Float",
		},
		{"label": _("Net Sales"), "value": net, "datatype": "Currency"},
		{"label": _("Sales Target"), "value": target, "datatype": "Currency"},
		{
			"label": _("Sales vs Target %"),
			"value": percent(net, target) or 0,
			"datatype": "Percent",
			"indicator": "Green" if target and net >= target else "Orange",
		},
		{"label": _("Complaints"), "value": sum(r.complaints for r in data), "datatype": "Int"},
	]
