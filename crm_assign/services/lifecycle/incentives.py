"""Monthly Development Incentive statements: load credits, purchases and quotas set-wise, compute in the core.

A statement for month M reads New Customer Credits whose first three months overlap M (or that were
found fabricated in M), the credited customers' submitted transactions dated in their purchase months,
and the person's Development Quota for M. Nothing else, so recomputing a statement gives the same figures
as long as those inputs are unchanged — which the month lock (no backdated transactions once a statement
of the month is approved) and the fabrication-month check guarantee.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import get_first_day, get_last_day, getdate, now_datetime
from pypika.enums import DatePart
from pypika.functions import Extract

from crm_assign.core.batching import chunks
from crm_assign.core.incentives import (
	DevelopedCustomer,
	IncentivePolicy,
	IncentivePolicyError,
	IncentiveStatement,
	Tier,
	compute_statement,
)
from crm_assign.core.lifecycle import add_months
from crm_assign.exceptions import IncentiveError
from crm_assign.utils.bulk import executemany

PURCHASE_WINDOW = 3  # first, second and third month


def policy_from_doc(doc) -> IncentivePolicy:
	try:
		return IncentivePolicy(
			per_missing_customer=_dec(doc.per_missing_customer),
			per_extra_customer=_dec(doc.per_extra_customer),
			new_customer_min_first_month=_dec(doc.new_customer_min_first_month),
			tiers=tuple(Tier(int(t.purchase_month), _dec(t.min_amount), _dec(t.bonus)) for t in doc.tiers),
			fabrication_multiplier=_dec(doc.fabrication_multiplier),
			returns_deduct=bool(doc.returns_deduct),
		)
	except IncentivePolicyError as error:
		frappe.throw(_("Invalid incentive policy: {0}").format(str(error)), IncentiveError)


def _dec(value) -> Decimal:
	return Decimal(str(value or 0))


def default_policy() -> str | None:
	return frappe.db.get_value("Incentive Policy", {"is_default": 1}, "name") or frappe.db.get_value(
		"Incentive Policy", {}, "name", order_by="creation asc"
	)


def load_month_inputs(month: date, managers: list[str] | None = None):
	"""(developed customers by manager, quota by manager) of a month; each customer's ref is its credit."""
	month = get_first_day(month)
	return load_inputs_of_months([month], managers)[month]


def load_inputs_of_months(months: list[date], managers: list[str] | None = None) -> dict:
	"""{month: (developed customers by manager, quota by manager)} for consecutive or scattered months.

	The credits and the purchases are read once for all the months (a report of six months reads each
	credit once, not three times); each month then keeps the credits whose first three months overlap it
	(or found fabricated in it) and the purchases up to its end — what reading that month alone gives.
	"""
	months = sorted({get_first_day(m) for m in months})
	earliest = add_months(months[0], -(PURCHASE_WINDOW - 1))
	last_end = get_last_day(months[-1])
	credit = frappe.qb.DocType("New Customer Credit")
	in_window = (credit.first_month >= earliest) & (credit.first_month <= months[-1])
	found_in_period = (
		(credit.is_fabricated == 1)
		& (credit.fabricated_on >= months[0])
		& (credit.fabricated_on <= last_end)
		& (credit.first_month <= months[-1])
	)
	query = (
		frappe.qb.from_(credit)
		.select(
			credit.name,
			credit.customer,
			credit.account_manager,
			credit.first_month,
			credit.is_fabricated,
			credit.fabricated_on,
		)
		.where(in_window | found_in_period)
	)
	if managers is not None:
		query = query.where(credit.account_manager.isin(managers or [""]))
	credits = query.run(as_dict=True)
	by_first_month, fabricated = defaultdict(list), []
	for row in credits:
		row.first_month = getdate(row.first_month)
		row.fabricated_in = getdate(row.fabricated_on) if row.is_fabricated and row.fabricated_on else None
		by_first_month[row.first_month].append(row)
		if row.fabricated_in:
			fabricated.append(row)
	purchases = _monthly_purchases(credits, last_end)
	return {
		month: (_developed(month, by_first_month, fabricated, purchases), _quotas(month, managers))
		for month in months
	}


def _developed(month: date, by_first_month: dict, fabricated: list, purchases: dict) -> dict:
	"""The month's developed customers by manager, from credits and purchases read for a longer period:
	the credits whose first three months overlap the month (or found fabricated in it, however old), with
	the purchases of their months up to this one."""
	month_end = get_last_day(month)
	earliest = add_months(month, -(PURCHASE_WINDOW - 1))
	in_window = [row for i in range(PURCHASE_WINDOW) for row in by_first_month.get(add_months(month, -i), ())]
	found_this_month = [
		row for row in fabricated if row.first_month < earliest and month <= row.fabricated_in <= month_end
	]
	until = _month_key(month)
	zero = Decimal(0)
	developed = defaultdict(list)
	for row in in_window + found_this_month:
		if row.get("window") is None:  # the credit's purchase months and amounts, worked out once
			by_month = purchases.get(row.customer, {})
			keys = [_month_key(add_months(row.first_month, i)) for i in range(PURCHASE_WINDOW)]
			row.window = (
				keys,
				tuple(by_month.get((m, "Sale"), zero) for m in keys),
				tuple(by_month.get((m, "Return"), zero) for m in keys),
			)
		keys, sales, returns = row.window
		if keys[-1] > until:  # months after this one have not happened yet for this month's statement
			sales = tuple(a if m <= until else zero for m, a in zip(keys, sales, strict=True))
			returns = tuple(a if m <= until else zero for m, a in zip(keys, returns, strict=True))
		developed[row.account_manager].append(
			DevelopedCustomer(
				customer=row.customer,
				first_month=row.first_month,
				sales=sales,
				returns=returns,
				fabricated_in=row.fabricated_in,
				ref=row.name,
			)
		)
	return developed


def _month_key(day: date) -> int:
	return day.year * 100 + day.month


def _monthly_purchases(credits: list, month_end: date) -> dict:
	"""{customer: {(yyyymm, type): amount}} over the credited customers' purchase months (up to `month_end`).

	One grouped query per first month (and chunk of 5,000 customers), each reading only that month's
	three purchase months: a customer's sums per month are the same whichever window reads them.
	"""
	by_first_month = defaultdict(set)
	for row in credits:
		by_first_month[getdate(row.first_month)].add(row.customer)
	txn = frappe.qb.DocType("Customer Transaction")
	month_key = Extract(DatePart.year, txn.transaction_date) * 100 + Extract(
		DatePart.month, txn.transaction_date
	)
	result = defaultdict(dict)
	for first, customers in sorted(by_first_month.items()):
		until = min(get_last_day(add_months(first, PURCHASE_WINDOW - 1)), month_end)
		for chunk in chunks(sorted(customers), 5000):
			rows = (
				frappe.qb.from_(txn)
				.select(txn.customer, month_key.as_("ym"), txn.transaction_type, Sum(txn.amount))
				.where(txn.docstatus == 1)
				.where(txn.customer.isin(chunk))
				.where(txn.transaction_date >= first)
				.where(txn.transaction_date <= until)
				.groupby(txn.customer, month_key, txn.transaction_type)
				.run()
			)
			for customer, ym, kind, amount in rows:
				result[customer][(int(ym), kind)] = _dec(amount)
	return result


def _quotas(month: date, managers: list[str] | None) -> dict[str, int]:
	filters = {"month": month}
	if managers is not None:
		filters["account_manager"] = ("in", managers or [""])
	rows = frappe.get_all("Development Quota", filters=filters, fields=["account_manager", "quota"])
	return {row.account_manager: row.quota or 0 for row in rows}


def compute_for(manager: str, month: date, policy_name: str | None = None) -> IncentiveStatement:
	"""The statement of one person and month, from the data as it is now."""
	policy_name = policy_name or default_policy()
	if not policy_name:
		frappe.throw(_("Create an Incentive Policy first."), IncentiveError)
	policy = policy_from_doc(frappe.get_cached_doc("Incentive Policy", policy_name))
	developed, quotas = load_month_inputs(month, [manager])
	return compute_statement(getdate(month), quotas.get(manager, 0), developed.get(manager, []), policy)


def fill_statement(doc, statement: IncentiveStatement) -> None:
	"""Write a computed statement onto a Development Incentive document (replacing its lines)."""
	doc.quota = statement.quota
	doc.new_customers = statement.new_customers
	doc.missing_customers = statement.missing
	doc.extra_customers = statement.extra
	doc.quota_amount = statement.quota_amount
	doc.bonus_amount = statement.bonus_amount
	doc.return_deduction = statement.return_deduction
	doc.fabrication_penalty = statement.fabrication_penalty
	doc.total_amount = statement.total
	doc.computed_at = now_datetime()
	doc.set("lines", [])
	for line in statement.lines:
		doc.append(
			"lines",
			{
				"customer": line.customer,
				"new_customer_credit": line.ref or None,
				"purchase_month": line.purchase_month,
				"counted": int(line.counted),
				"gross_sales": line.gross,
				"returns": line.returns,
				"tier_bonus": line.tier_bonus,
				"return_deduction": line.return_deduction,
				"fabrication_penalty": line.fabrication_penalty,
				"amount": line.amount,
				"note": _("Found fabricated") if line.note == "fabricated" else None,
			},
		)


def statement_figures(doc) -> dict:
	"""The figures a statement shows, for comparing a stored statement with a recomputation."""
	return {
		"quota": doc.quota,
		"new_customers": doc.new_customers,
		"quota_amount": float(doc.quota_amount),
		"bonus_amount": float(doc.bonus_amount),
		"return_deduction": float(doc.return_deduction),
		"fabrication_penalty": float(doc.fabrication_penalty),
		"total_amount": float(doc.total_amount),
		"lines": [(row.customer, row.purchase_month, float(row.amount)) for row in doc.lines],
	}


def generate_statements(
	month: date, policy_name: str | None = None, managers: list[str] | None = None
) -> dict:
	"""Create the draft statements of a month for everyone with a quota or a credited customer.

	Inputs are loaded for all managers at once (three queries) and computed in the core; the drafts are
	written with multi-row INSERTs (a statement and its lines per person), the same values a draft saved
	in the form gets. A person who already has a statement for the month is skipped. Returns counts.
	"""
	month = get_first_day(month)
	policy_name = policy_name or default_policy()
	if not policy_name:
		frappe.throw(_("Create an Incentive Policy first."), IncentiveError)
	policy = policy_from_doc(frappe.get_cached_doc("Incentive Policy", policy_name))
	developed, quotas = load_month_inputs(month, managers)
	people = sorted(set(developed) | set(quotas))
	existing = set(
		frappe.get_all(
			"Development Incentive",
			filters={"month": month, "docstatus": ("<", 2)},
			pluck="account_manager",
		)
	)
	todo = [p for p in people if p not in existing]
	names = dict(
		frappe.get_all(
			"Account Manager",
			filters={"name": ("in", todo or [""])},
			fields=["name", "full_name"],
			as_list=True,
		)
	)
	customer_names = _customer_names({c.customer for p in todo for c in developed.get(p, [])})
	parents, lines = [], []
	for manager in todo:
		statement = compute_statement(month, quotas.get(manager, 0), developed.get(manager, []), policy)
		doc = frappe.new_doc("Development Incentive")
		doc.update({"account_manager": manager, "month": month, "incentive_policy": policy_name})
		doc.account_manager_name = names.get(manager)
		fill_statement(doc, statement)
		doc.name = statement_name(month, manager)
		parents.append(doc)
		for idx, row in enumerate(doc.lines, start=1):
			row.update({"parent": doc.name, "idx": idx, "customer_name": customer_names.get(row.customer)})
			lines.append(row)
	_insert_documents(parents, "Development Incentive")
	_insert_documents(lines, "Development Incentive Line")
	if todo:
		frappe.publish_progress(100, title=_("Development Incentives"))
	return {"people": len(people), "created": len(todo), "skipped": len(people) - len(todo)}


def statement_name(month: date, manager: str) -> str:
	return f"DI-{getdate(month):%Y-%m}-{manager}"


def _customer_names(customers: set[str]) -> dict[str, str]:
	if not customers:
		return {}
	return dict(
		frappe.get_all(
			"Managed Customer",
			filters={"name": ("in", sorted(customers))},
			fields=["name", "customer_name"],
			as_list=True,
		)
	)


def _insert_documents(docs: list, doctype: str) -> None:
	"""Multi-row INSERT of prepared documents (standard fields stamped here), in chunks."""
	if not docs:
		return
	now, user = now_datetime(), frappe.session.user
	meta = frappe.get_meta(doctype)
	columns = ["name", "creation", "modified", "owner", "modified_by", "docstatus"]
	if meta.istable:
		columns += ["parent", "parenttype", "parentfield", "idx"]
	columns += [df.fieldname for df in meta.fields if df.fieldtype not in frappe.model.no_value_fields]
	rows = []
	for doc in docs:
		if meta.istable:
			doc.update({"parenttype": "Development Incentive", "parentfield": "lines"})
			doc.name = doc.name or frappe.generate_hash(length=10)
		values = {"creation": now, "modified": now, "owner": user, "modified_by": user, "docstatus": 0}
		rows.append(tuple(values[c] if c in values else _db_value(doc.get(c)) for c in columns))
	sql = "INSERT INTO `tab{}` ({}) VALUES ({})".format(
		doctype, ", ".join(f"`{c}`" for c in columns), ", ".join(["%s"] * len(columns))
	)
	for start in range(0, len(rows), 5000):
		executemany(sql, rows[start : start + 5000])


def _db_value(value):
	return float(value) if isinstance(value, Decimal) else value


@frappe.whitelist()
def make_month_statements(month: str) -> dict:
	"""Desk button: create the month's draft statements."""
	frappe.has_permission("Development Incentive", "create", throw=True)
	return generate_statements(getdate(month))
