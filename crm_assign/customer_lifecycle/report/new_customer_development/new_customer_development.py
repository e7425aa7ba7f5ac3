# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE
"""New Customer Development: per person (or team) and month — quota, new customers (first sales and
reactivated dormant customers), purchases of customers in their first three months, incentives and
deductions, exactly as on the monthly Development Incentive statement.

A month with a statement shows the statement's own figures; a month without one shows what
`make_month_statements` would draft now (the same inputs, and the same core `compute_statement`), marked
"Not drafted". The inputs (credits, their purchases, quotas) are read once for all the months shown
(`load_inputs_of_months`); per month, one read of statements with their line sums and one of credits by
source.
"""

from collections import defaultdict
from datetime import date

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_months, flt, get_first_day, today

from crm_assign.core.incentives import compute_statement
from crm_assign.permissions.reports import report_managers, restrict, visible_managers
from crm_assign.services.lifecycle.incentives import default_policy, load_inputs_of_months, policy_from_doc

STATEMENT, CREDIT = "Development Incentive", "New Customer Credit"
MONEY = (
	"purchases",
	"quota_amount",
	"bonus_amount",
	"return_deduction",
	"fabrication_penalty",
	"total_amount",
)
COUNTS = ("quota", "new_customers", "first_sales", "reactivated", "missing_customers", "extra_customers")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(filters), data, None, get_chart_data(data), get_report_summary(data)


def get_columns(filters) -> list[dict]:
	def col(fieldname, label, fieldtype="Int", width=100, options=None):
		column = {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}
		return {**column, "options": options} if options else column

	key = (
		[col("service_team", "Service Team", "Link", 160, "Service Team")]
		if filters.group_by == "Service Team"
		else [
			col("account_manager", "Account Manager", "Link", 190, "Account Manager"),
			col("account_manager_name", "Name", "Data", 110),
			col("statement", "Statement", "Link", 170, STATEMENT),
		]
	)
	return [
		col("month", "Month", "Data", 80),
		*key,
		col("quota", "Quota", width=70),
		col("new_customers", "New Customers", width=110),
		col("first_sales", "First Sales", width=90),
		col("reactivated", "Reactivated", width=95),
		col("missing_customers", "Missing", width=75),
		col("extra_customers", "Extra", width=70),
		col("purchases", "First 3 Months' Purchases", "Currency", 170),
		col("quota_amount", "Quota Reward / Deduction", "Currency", 170),
		col("bonus_amount", "Purchase Bonuses", "Currency", 130),
		col("return_deduction", "Return Deductions", "Currency", 130),
		col("fabrication_penalty", "Fabrication Penalties", "Currency", 140),
		col("total_amount", "Total Incentive", "Currency", 120),
		col("state", "Statement Status", "Data", 120),
	]


def months_of(filters) -> list[date]:
	first = get_first_day(filters.from_month or add_months(today(), -2))
	last = get_first_day(filters.to_month or today())
	months = []
	while first <= last:
		months.append(first)
		first = get_first_day(add_months(first, 1))
	return months


def get_data(filters) -> list[dict]:
	managers = report_managers(filters)
	rows = []
	policy_name = default_policy()
	policy = policy_from_doc(frappe.get_cached_doc("Incentive Policy", policy_name)) if policy_name else None
	months = months_of(filters)
	inputs = load_inputs_of_months(months, inputs_scope(managers)) if policy and managers else {}
	for month in months:
		stored = stored_statements(month, managers)
		sources = credits_by_source(month, managers)
		computed = computed_statements(month, managers, set(stored), policy, inputs[month]) if inputs else {}
		for name in sorted(set(stored) | set(computed) | set(sources)):
			row = stored.get(name) or computed.get(name) or empty_row(name, month)
			first, again = sources.get(name, (0, 0))
			row.update(first_sales=first, reactivated=again, service_team=managers[name].service_team)
			row.account_manager_name = managers[name].full_name
			rows.append(row)
	if filters.group_by == "Service Team":
		rows = by_team(rows)
	return rows


def empty_row(manager: str, month: date) -> frappe._dict:
	return frappe._dict(
		month=month.strftime("%Y-%m"),
		account_manager=manager,
		statement=None,
		state=_("Not drafted"),
		**dict.fromkeys(COUNTS, 0),
		**dict.fromkeys(MONEY, 0.0),
	)


def stored_statements(month: date, managers: dict) -> dict[str, frappe._dict]:
	"""The month's statements (draft or approved) the user may see, with their lines' purchases."""
	doc = frappe.qb.DocType(STATEMENT)
	line = frappe.qb.DocType("Development Incentive Line")
	query = (
		frappe.qb.from_(doc)
		.left_join(line)
		.on((line.parent == doc.name) & (line.parenttype == STATEMENT))
		.select(
			doc.name,
			doc.account_manager,
			doc.docstatus,
			doc.quota,
			doc.new_customers,
			doc.missing_customers,
			doc.extra_customers,
			doc.quota_amount,
			doc.bonus_amount,
			doc.return_deduction,
			doc.fabrication_penalty,
			doc.total_amount,
			Sum(line.gross_sales).as_("gross"),
			Sum(line.returns).as_("returns"),
		)
		.where(doc.month == month)
		.where(doc.docstatus < 2)
		.groupby(doc.name)
	)
	result = {}
	for row in restrict(query, STATEMENT).run(as_dict=True):
		if row.account_manager not in managers:
			continue
		result[row.account_manager] = frappe._dict(
			month=month.strftime("%Y-%m"),
			account_manager=row.account_manager,
			statement=row.name,
			state=_("Approved") if row.docstatus == 1 else _("Draft"),
			**{field: row.get(field) or 0 for field in COUNTS if field in row},
			purchases=flt((row.gross or 0) - (row.returns or 0), 2),
			**{field: flt(row.get(field), 2) for field in MONEY if field != "purchases"},
		)
	return result


def inputs_scope(managers: dict) -> list[str] | None:
	"""The managers whose inputs to read; None (all) for a department view of many people."""
	return None if visible_managers() is None and len(managers) > 500 else list(managers)


def computed_statements(
	month: date, managers: dict, skip: set[str], policy, inputs: tuple
) -> dict[str, frappe._dict]:
	"""What the month's draft statement would say now, for visible people without one (`inputs`: the
	month's developed customers and quotas, read for all the months of the report at once)."""
	developed, quotas = inputs
	result = {}
	for manager in set(developed) | set(quotas):
		if manager not in managers or manager in skip:
			continue
		s = compute_statement(month, quotas.get(manager, 0), developed.get(manager, []), policy)
		result[manager] = frappe._dict(
			month=month.strftime("%Y-%m"),
			account_manager=manager,
			statement=None,
			state=_("Not drafted"),
			quota=s.quota,
			new_customers=s.new_customers,
			missing_customers=s.missing,
			extra_customers=s.extra,
			purchases=flt(sum(line.gross - line.returns for line in s.lines), 2),
			quota_amount=flt(s.quota_amount, 2),
			bonus_amount=flt(s.bonus_amount, 2),
			return_deduction=flt(s.return_deduction, 2),
			fabrication_penalty=flt(s.fabrication_penalty, 2),
			total_amount=flt(s.total, 2),
		)
	return result


def credits_by_source(month: date, managers: dict) -> dict[str, tuple[int, int]]:
	"""Manager -> (new by first sale, reactivated dormant customers) credited in the month."""
	credit = frappe.qb.DocType(CREDIT)
	query = (
		frappe.qb.from_(credit)
		.select(credit.account_manager, credit.source, Count("*"))
		.where(credit.first_month == month)
		.groupby(credit.account_manager, credit.source)
	)
	counts = defaultdict(lambda: [0, 0])
	for manager, source, count in restrict(query, CREDIT).run():
		if manager in managers:
			counts[manager][1 if source == "Reactivation" else 0] += count
	return {m: tuple(c) for m, c in counts.items()}


def by_team(rows: list[dict]) -> list[dict]:
	teams = {}
	for row in rows:
		key = (row["month"], row.get("service_team"))
		team = teams.setdefault(
			key,
			frappe._dict(
				month=row["month"],
				service_team=row.get("service_team"),
				**dict.fromkeys(COUNTS, 0),
				**dict.fromkeys(MONEY, 0.0),
			),
		)
		for field in (*COUNTS, *MONEY):
			team[field] += row.get(field) or 0
	return list(teams.values())


def get_chart_data(data: list[dict]) -> dict | None:
	if not data:
		return None
	quota, new = defaultdict(int), defaultdict(int)
	for row in data:
		quota[row["month"]] += row["quota"] or 0
		new[row["month"]] += row["new_customers"] or 0
	months = sorted(quota)
	return {
		"data": {
			"labels": months,
			"datasets": [
				{"name": _("Quota"), "values": [quota[m] for m in months]},
				{"name": _("New Customers"), "values": [new[m] for m in months]},
			],
		},
		"type": "bar",
		"colors": ["#cbd5e1", "#29cd42"],
	}


def get_report_summary(data: list[dict]) -> list[dict]:
	total = {field: sum(r.get(field) or 0 for r in data) for field in (*COUNTS, *MONEY)}
	return [
		{"label": _("Quota"), "value": total["quota"], "datatype": "Int"},
		{
			"label": _("New Customers"),
			"value": total["new_customers"],
			"datatype": "Int",
			"indicator": "Green" if total["new_customers"] >= total["quota"] else "Orange",
		},
		{"label": _("Reactivated"), "value": total["reactivated"], "datatype": "Int"},
		{"label": _("First 3 Months' Purchases"), "value": total["purchases"], "datatype": "Currency"},
		{"label": _("Total Incentive"), "value": total["total_amount"], "datatype": "Currency"},
	]
