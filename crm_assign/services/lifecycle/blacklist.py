"""Blacklist and duplicate detection for customers (by registration number and phone numbers).

Phones are compared in their normal form (`crm_assign.core.identifiers.normalise`: letters and digits only,
upper case, without a leading +86/0086), so "+86 138-0013-8000" and "13800138000" are the same phone.
Registration/ID numbers are stored encrypted (crm_assign/services/data_protection/id_numbers.py) and compared by the keyed
hash of their normal form, never decrypted. `check_customer` is the Managed Customer validate hook: a
customer matching an active entry cannot be created or given those identifiers, a blacklisted customer
cannot be given an owner, and a registration number or mobile number used by another customer is refused.
"""

import frappe
from frappe import _

from crm_assign.core.identifiers import HASH_FIELD, masked, normalise
from crm_assign.exceptions import BlacklistedCustomerError, DuplicateCustomerError

CUSTOMER = "Managed Customer"
ACTIVE_STATUSES = ("Blacklisted", "Removal Requested")
IDENTIFIER_FIELDS = ("id_number", "mobile_no", "phone")
MATCHED_FIELDS = (HASH_FIELD, "mobile_no", "phone")  # what the checks compare (the hash, not the mask)


def find_blacklist_entry(id_number_hash=None, phones=(), exclude_customer=None) -> frappe._dict | None:
	"""The active blacklist entry matching this registration number hash or any of these phones, if any."""
	phones = sorted({normalise(p) for p in phones if normalise(p)})
	if not id_number_hash and not phones:
		return None
	entry = frappe.qb.DocType("Customer Blacklist")
	matches = []
	if id_number_hash:
		matches.append(entry[HASH_FIELD] == id_number_hash)
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
	"""Managed Customer validate hook (after the controller's validate has set `id_number_hash`)."""
	refuse_blacklisted_identifiers(doc)
	if doc.get(HASH_FIELD):
		refuse_duplicate(
			doc,
			"id_number",
			_("Registration number {0} already belongs to customer {1} ({2})."),
			values={doc.get(HASH_FIELD)},
			column=HASH_FIELD,
			shown=masked(doc.id_number),  # the message may be logged (e.g. by Data Import)
		)
	if doc.mobile_no:
		# a mobile number belongs to one customer (a landline `phone` may be a shared switchboard)
		refuse_duplicate(
			doc,
			"mobile_no",
			_("Mobile number {0} already belongs to customer {1} ({2})."),
			values={doc.mobile_no.strip(), normalise(doc.mobile_no)},
			exclude_exited=True,
		)
	refuse_owner_for_blacklisted(doc)


def _changed(doc, fieldname) -> bool:
	return doc.is_new() or doc.has_value_changed(fieldname)


def refuse_blacklisted_identifiers(doc) -> None:
	if not any(_changed(doc, f) for f in MATCHED_FIELDS):
		return
	entry = find_blacklist_entry(doc.get(HASH_FIELD), (doc.mobile_no, doc.phone), exclude_customer=doc.name)
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


def refuse_duplicate(
	doc,
	fieldname: str,
	message: str,
	values: set[str],
	column: str | None = None,
	shown: str | None = None,
	exclude_exited: bool = False,
) -> None:
	"""Refuse a new or changed `fieldname` when another customer has one of `values` in `column` (default
	the field itself). `message` is translated, with {0} the value typed (or `shown`), {1} and {2} the other
	customer."""
	column = column or fieldname
	if not _changed(doc, column):
		return
	customer = frappe.qb.DocType(CUSTOMER)
	query = (
		frappe.qb.from_(customer)
		.select(customer.name, customer.customer_name)
		.where(customer[column].isin(sorted(values)))
		.where(customer.name != (doc.name or ""))
		.limit(1)
	)
	if exclude_exited:
		query = query.where(customer.status.notin(["Exited"]))
	other = query.run(as_dict=True)
	if other:
		frappe.throw(
			message.format(
				frappe.bold(shown or doc.get(fieldname)), frappe.bold(other[0].name), other[0].customer_name
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
