"""Audit of who reads customer records that they do not own.

Reads of a Managed Customer by anyone but its owner (team leaders, the department, shares) are written to
Frappe's View Log when the form or `frappe.client.get` loads it; exports and prints already go to Frappe's
Access Log, and so are reveals of encrypted ID numbers ("Show ID Number", crm_assign/permissions/id_numbers.py).
The script report "Customer Access Log" lists both, with the basis of each access.
"""

import frappe
from frappe.core.doctype.access_log.access_log import make_access_log

from crm_assign.permissions.rules import CUSTOMER, scope_for


def log_read_by_non_owner(doctype: str, name: str) -> None:
	if doctype != CUSTOMER or not name or frappe.session.user in ("Administrator", "Guest"):
		return
	owner = frappe.db.get_value(CUSTOMER, name, "account_manager")
	if owner == frappe.session.user:
		return
	frappe.get_doc(
		{
			"doctype": "View Log",
			"viewed_by": frappe.session.user,
			"reference_doctype": CUSTOMER,
			"reference_name": name,
		}
	).insert(ignore_permissions=True)


SHOW_ID_NUMBER = "Show ID Number"  # Access Log method of a reveal


def log_id_number_reveal(doctype: str, name: str) -> None:
	"""Every reveal of an encrypted ID number, the owner's too."""
	make_access_log(doctype=doctype, document=name, method=SHOW_ID_NUMBER)


def access_basis(user: str, customer_team: str | None) -> str:
	"""Why `user` may read a customer they do not own: Department, Team Leader, or Other (e.g. a share)."""
	scope = scope_for(CUSTOMER, user)
	if scope.unrestricted:
		return "Department"
	if customer_team and customer_team in scope.teams:
		return "Team Leader"
	return "Other"
