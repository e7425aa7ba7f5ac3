"""Who reads an encrypted ID number in clear: a user who may read that field of that record; every reveal logged.

The form's "Show ID Number" calls `reveal_id_number`; Frappe's `frappe.client.get_password` of the field
(overrides.get_password) is the same reveal. Encryption and matching by keyed hash are the data-protection
service's (crm_assign/services/data_protection/id_numbers.py).
"""

import frappe
from frappe import _
from frappe.utils.password import get_decrypted_password

from crm_assign.core.identifiers import ENCRYPTED_DOCTYPES, ID_FIELD
from crm_assign.permissions.audit import log_id_number_reveal
from crm_assign.permissions.fields import unreadable_fields


@frappe.whitelist(methods=["POST"])
def reveal_id_number(doctype: str, name: str) -> str | None:
	"""The ID number of one record in clear, for a user who may read that field of that record (logged)."""
	if doctype not in ENCRYPTED_DOCTYPES:
		frappe.throw(_("{0} has no encrypted ID number.").format(_(doctype)), frappe.PermissionError)
	frappe.has_permission(doctype, "read", name, throw=True)
	if ID_FIELD in unreadable_fields(doctype):
		frappe.throw(
			_("You are not permitted to read the ID number of {0}.").format(frappe.bold(name)),
			frappe.PermissionError,
		)
	log_id_number_reveal(doctype, name)
	return get_decrypted_password(doctype, name, ID_FIELD, raise_exception=False)
