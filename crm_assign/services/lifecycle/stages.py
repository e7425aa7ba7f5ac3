"""Customer lifecycle glue: figures from transactions, stage and status changes (logged), new-customer credits.

Every change of a customer's lifecycle stage or status made by the app goes through `change_stage` /
`change_status`, which write one Lifecycle Log row each; hand edits in the form are logged by the
Managed Customer hook `log_hand_edits`. A customer's figures (first deal date, last activity date,
net sales of the last twelve months) are always recomputed from the submitted transactions, so a
cancelled transaction leaves them as if it had never been made.
"""

from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Max, Min, Sum
from frappe.utils import getdate, now_datetime, nowdate
from pypika.enums import DatePart
from pypika.functions import Extract

from crm_assign.core.lifecycle import (
	STAGES,
	days_without_activity,
	month_start,
	reactivation_counts_as_new,
	rolling_12m_start,
	stage_after_sale,
)
from crm_assign.exceptions import LifecycleError
from crm_assign.services.allocation.ownership import COUNTED_STATUSES, adjust_load

STATUSES = ("Active", "Dormant", "Exited", "Blacklisted")


def lifecycle_settings():
	return frappe.get_cached_doc("Customer Lifecycle Settings")


# ----------------------------------------------------------------------------- logged changes


def log_change(
	customer: str,
	change_type: str,
	from_value: str | None,
	to_value: str,
	source: str,
	reason: str | None = None,
	reference=None,
) -> None:
	log = frappe.get_doc(
		{
			"doctype": "Lifecycle Log",
			"customer": customer,
			"change_type": change_type,
			"from_value": from_value,
			"to_value": to_value,
			"source": source,
			"reference_doctype": reference.doctype if reference else None,
			"reference_name": reference.name if reference else None,
			"changed_by": frappe.session.user,
			"changed_at": now_datetime(),
			"reason": reason,
		}
	)
	log.flags.ignore_permissions = True
	log.insert()


def change_stage(customer: str, stage: str, source: str, reason: str | None = None, reference=None) -> bool:
	"""Move a customer to `stage` and log it; returns False when it already is there."""
	if stage not in STAGES:
		frappe.throw(_("Unknown lifecycle stage {0}.").format(frappe.bold(stage)), LifecycleError)
	return _change(customer, "lifecycle_stage", "Stage", stage, source, reason, reference)


def change_status(customer: str, status: str, source: str, reason: str | None = None, reference=None) -> bool:
	"""Set the customer's status and log it; the owner's load counter follows (exited and blacklisted
	customers do not count)."""
	if status not in STATUSES:
		frappe.throw(_("Unknown customer status {0}.").format(frappe.bold(status)), LifecycleError)
	owner, current = frappe.db.get_value("Managed Customer", customer, ["account_manager", "status"])
	if not _change(customer, "status", "Status", status, source, reason, reference):
		return False
	counted = status in COUNTED_STATUSES
	if owner and counted != (current in COUNTED_STATUSES):
		adjust_load(owner, 1 if counted else -1)
	return True


def _change(customer, fieldname, kind, value, source, reason, reference) -> bool:
	current = frappe.db.get_value("Managed Customer", customer, fieldname)
	if current == value:
		return False
	frappe.db.set_value("Managed Customer", customer, fieldname, value)
	log_change(customer, kind, current, value, source, reason, reference)
	return True


def log_hand_edits(doc, method=None) -> None:
	"""Managed Customer on_update hook: log stage/status changed in the form or through the API."""
	before = doc.get_doc_before_save()
	if not before:
		return
	reason = doc.flags.lifecycle_reason or _("Changed in the form")
	for fieldname, change_type in (("lifecycle_stage", "Stage"), ("status", "Status")):
		old, new = before.get(fieldname), doc.get(fieldname)
		if old != new:
			log_change(doc.name, change_type, old, new, "Manual", reason)
	if doc.contract_signed_on and not before.contract_signed_on:
		change_stage(
			doc.name,
			"Partner",
			"Contract",
			_("Framework contract signed on {0}").format(doc.contract_signed_on),
		)


@frappe.whitelist()
def set_lifecycle_stage(customer: str, stage: str, reason: str) -> None:
	"""Move a customer's stage by hand (e.g. Partner after a framework contract); a reason is required."""
	frappe.has_permission("Managed Customer", "write", customer, throw=True)
	if not (reason or "").strip():
		frappe.throw(_("Give a reason for changing the lifecycle stage."), LifecycleError)
	change_stage(customer, stage, "Manual", reason.strip())


# ----------------------------------------------------------------------------- figures


def customer_figures(customers: list[str], today: date | None = None) -> dict[str, frappe._dict]:
	"""First sale date, last transaction date, 12-month net sales and sale months, for these customers.

	One grouped query over the submitted transactions (index customer, transaction_date).
	"""
	today = getdate(today or nowdate())
	start = rolling_12m_start(today)
	txn = frappe.qb.DocType("Customer Transaction")
	in_window = (txn.transaction_date >= start) & (txn.transaction_date <= today)
	signed = Case().when(txn.transaction_type == "Return", -txn.amount).else_(txn.amount)
	rows = (
		frappe.qb.from_(txn)
		.select(
			txn.customer,
			Min(Case().when(txn.transaction_type == "Sale", txn.transaction_date)).as_("first_sale"),
			Max(txn.transaction_date).as_("last_transaction"),
			Sum(Case().when(in_window, signed).else_(0)).as_("net_12m"),
			Count(
				Case().when(
					in_window & (txn.transaction_type == "Sale"),
					Extract(DatePart.year, txn.transaction_date) * 100
					+ Extract(DatePart.month, txn.transaction_date),
				)
			)
			.distinct()
			.as_("sale_months_12m"),
		)
		.where(txn.docstatus == 1)
		.where(txn.customer.isin(customers))
		.groupby(txn.customer)
		.run(as_dict=True)
	)
	return {row.customer: row for row in rows}


def last_completed_visits(customers: list[str]) -> dict[str, date]:
	visit = frappe.qb.DocType("Customer Visit")
	rows = (
		frappe.qb.from_(visit)
		.select(visit.customer, Max(visit.completed_on))
		.where(visit.status == "Completed")
		.where(visit.customer.isin(customers))
		.groupby(visit.customer)
		.run()
	)
	return {customer: getdate(done) for customer, done in rows if done}


def refresh_customers(customers: list[str], today: date | None = None) -> dict[str, frappe._dict]:
	"""Recompute and store first deal date, last activity date and 12-month sales; return the figures."""
	if not customers:
		return {}
	figures = customer_figures(customers, today)
	visits = last_completed_visits(customers)
	for customer in customers:
		row = figures.get(customer) or frappe._dict(first_sale=None, last_transaction=None, net_12m=0)
		activity = [d for d in (row.last_transaction, visits.get(customer)) if d]
		frappe.db.set_value(
			"Managed Customer",
			customer,
			{
				"first_deal_date": row.first_sale,
				"last_activity_date": max(activity) if activity else None,
				"total_sales_12m": row.net_12m or 0,
			},
			update_modified=False,
		)
	return figures


# ----------------------------------------------------------------------------- transactions


def on_transaction_submit(txn) -> None:
	before = frappe.db.get_value(
		"Managed Customer",
		txn.customer,
		["status", "lifecycle_stage", "first_deal_date", "last_activity_date"],
		as_dict=True,
	)
	figures = refresh_customers([txn.customer]).get(txn.customer)
	if txn.transaction_type != "Sale":
		return
	settings = lifecycle_settings()
	reason = _("Sale {0}").format(txn.name)
	stage = stage_after_sale(
		before.lifecycle_stage, figures.sale_months_12m if figures else 1, settings.partner_after_months or 0
	)
	change_stage(txn.customer, stage, "Transaction", reason, txn)
	if not before.first_deal_date:
		credit_new_customer(txn, "First Sale")
	elif before.status == "Dormant":
		reactivate(txn, before.last_activity_date, settings)


def reactivate(txn, previous_activity, settings) -> None:
	change_status(txn.customer, "Active", "Transaction", _("Reactivated by sale {0}").format(txn.name), txn)
	previous = getdate(previous_activity) if previous_activity else None
	sale_date = getdate(txn.transaction_date)
	if reactivation_counts_as_new(previous, sale_date, settings.reactivation_new_after_days or 0):
		credit_new_customer(txn, "Reactivation", dormant_days=days_without_activity(previous, sale_date))


def credit_new_customer(txn, source: str, dormant_days: int = 0) -> None:
	"""Credit the transaction's account manager with a new customer, at most once per customer and month."""
	if not txn.account_manager:
		return
	first_month = month_start(getdate(txn.transaction_date))
	if frappe.db.exists("New Customer Credit", {"customer": txn.customer, "first_month": first_month}):
		return
	credit = frappe.get_doc(
		{
			"doctype": "New Customer Credit",
			"customer": txn.customer,
			"account_manager": txn.account_manager,
			"source": source,
			"first_month": first_month,
			"credited_on": txn.transaction_date,
			"transaction": txn.name,
			"dormant_days": dormant_days,
		}
	)
	credit.flags.ignore_permissions = True
	credit.insert()


def on_transaction_cancel(txn) -> None:
	refresh_customers([txn.customer])
	credits = frappe.get_all("New Customer Credit", filters={"transaction": txn.name}, pluck="name")
	for name in credits:
		frappe.delete_doc("New Customer Credit", name, ignore_permissions=True, force=True)


def locked_statement_for(day) -> str | None:
	"""The approved Development Incentive that locks the month of `day`, if any."""
	first = month_start(getdate(day))
	return frappe.db.get_value(
		"Development Incentive", {"month": first, "docstatus": 1}, "name", order_by="creation asc"
	)
