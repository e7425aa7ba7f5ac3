"""Blacklist and duplicate detection for customers (by registration number and phone numbers).

Blacklist entries store their identifiers normalised (letters and digits only, upper case, without a
leading +86/0086), so "+86 138-0013-8000" and "13800138000" are the same phone. `check_customer` is the
Managed Customer validate hook: a customer matching an active entry cannot be created or given those
identifiers, a blacklisted customer cannot be given an owner, and a registration number used by another
customer is refused.
"""

import re

import frappe
from frappe import _

from crm_assign.exceptions import BlacklistedCustomerError, DuplicateCustomerError

ACTIVE_STATUSES = ("Blacklisted", "Removal Requested")
IDENTIFIER_FIELDS = ("id_number", "mobile_no", "phone")


def normalise(value: str | None) -> str:
	cleaned = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
	if cleaned.startswith("0086"):
		cleaned = cleaned[4:]
	elif cleaned.startswith("86") and len(cleaned) == 13:
		cleaned = cleaned[2:]
	return cleaned


def find_blacklist_entry(id_number=None, phones=(), exclude_customer=None) -> frappe._dict | None:
	"""The active blacklist entry matching this registration number or any of these phones, if any."""
	id_number = normalise(id_number)
	phones = sorted({normalise(p) for p in phones if normalise(p)})
	if not id_number and not phones:
		return None
	entry = frappe.qb.DocType("Customer Blacklist")
	matches = []
	if id_number:
		matches.append(entry.id_number == id_number)
	if phones:
		matches.append(entry.mobile_no.isin(phones) | entry.phone.isin(phones))
	condition = matches[0] if len(matches) == 1 else matches[0] | matches[1]
	query = (
		frappe.qb.from_(entry)
		.select(entry.name, entry.customer_name, entry.reason)
		.where(entry.status.isin(ACTIVE_STATUSES))
		.where(condition)
		.orderby(entry.creation)
		.limit(1)
	)
	if exclude_customer:
		query = query.where(entry.customer.isnull() | (entry.customer != exclude_customer))
	rows = query.run(as_dict=True)
	return rows[0] if rows else None


def check_customer(doc, method=None) -> None:
	"""Managed Customer validate hook."""
	refuse_blacklisted_identifiers(doc)
	refuse_duplicate_registration(doc)
	refuse_duplicate_mobile(doc)
	refuse_owner_for_blacklisted(doc)


def _changed(doc, fieldname) -> bool:
	return doc.is_new() or doc.has_value_changed(fieldname)


def refuse_blacklisted_identifiers(doc) -> None:
	if not any(_changed(doc, f) for f in IDENTIFIER_FIELDS):
		return
	entry = find_blacklist_entry(doc.id_number, (doc.mobile_no, doc.phone), exclude_customer=doc.name)
	if entry:
		frappe.throw(
			_(
				"{0} matches blacklist entry {1} ({2}, reason: {3}); a blacklisted customer cannot be created again."
			).format(
				frappe.bold(doc.customer_name), frappe.bold(entry.name), entry.customer_name, _(entry.reason)
			),
			BlacklistedCustomerError,
			title=_("Blacklisted"),
		)


def refuse_duplicate_registration(doc) -> None:
	if not doc.id_number or not _changed(doc, "id_number"):
		return
	values = {doc.id_number.strip(), normalise(doc.id_number)}
	customer = frappe.qb.DocType("Managed Customer")
	other = (
		frappe.qb.from_(customer)
		.select(customer.name, customer.customer_name)
		.where(customer.id_number.isin(sorted(values)))
		.where(customer.name != (doc.name or ""))
		.limit(1)
		.run(as_dict=True)
	)
	if other:
		frappe.throw(
			_("Registration number {0} already belongs to customer {1} ({2}).").format(
				frappe.bold(doc.id_number), frappe.bold(other[0].name), other[0].customer_name
			),
			DuplicateCustomerError,
			title=_("Duplicate Customer"),
		)


def refuse_duplicate_mobile(doc) -> None:
	"""A mobile number belongs to one customer (a landline `phone` may be a shared switchboard)."""
	if not doc.mobile_no or not _changed(doc, "mobile_no"):
		return
	customer = frappe.qb.DocType("Managed Customer")
	other = (
		frappe.qb.from_(customer)
		.select(customer.name, customer.customer_name)
		.where(customer.mobile_no.isin(sorted({doc.mobile_no.strip(), normalise(doc.mobile_no)})))
		.where(customer.name != (doc.name or ""))
		.where(customer.status.notin(["Exited"]))
		.limit(1)
		.run(as_dict=True)
	)
	if other:
		frappe.throw(
			_("Mobile number {0} already belongs to customer {1} ({2}).").format(
				frappe.bold(doc.mobile_no), frappe.bold(other[0].name), other[0].customer_name
			),
			DuplicateCustomerError,
			title=_("Duplicate Customer"),
		)


def refuse_owner_for_blacklisted(doc) -> None:
	if doc.status == "Blacklisted" and doc.account_manager and _changed(doc, "account_manager"):
		if doc.is_new() or doc.get_doc_before_save().status == "Blacklisted":
			frappe.throw(
				_("Customer {0} is blacklisted and cannot be allocated to an account manager.").format(
					frappe.bold(doc.customer_name)
				),
				BlacklistedCustomerError,
			)
