"""The hooks Frappe calls: `permission_query_conditions` (lists) and `has_permission` (documents).

Both are registered for "*" in hooks.py and return at once for DocTypes that are not guarded, so a new
DocType of the app is covered as soon as it has a rule in `rules.RULES` (child tables follow their parent).
Two core DocTypes point at our records and are guarded by reference: Tag Link (readable by role All) and
File (attachments; for a DocType with permlevel fields the user cannot read, e.g. a Receptionist on Managed
Customer, attachments count as contact-level data and stay hidden).
"""

import frappe

from crm_assign.permissions.fields import calling_query, check_query, unreadable_fields
from crm_assign.permissions.rules import (
	can_access,
	condition_for,
	guarded_parents,
	is_guarded,
	rows_sql,
	scope_for,
)

# core DocType -> (doctype column, name column, hide whole DocType when permlevel fields are unreadable)
REFERENCES = {
	"Tag Link": ("document_type", "document_name", False),
	"File": ("attached_to_doctype", "attached_to_name", True),
}


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""SQL condition for `frappe.get_list(doctype)`; also refuses filters/sorts on unreadable fields."""
	user = user or frappe.session.user
	if not doctype or user == "Administrator":
		return ""
	if doctype in REFERENCES:
		return reference_condition(doctype, user)
	if not is_guarded(doctype):
		return ""
	check_query(calling_query(), user)
	return condition_for(doctype, user)


def has_permission(doc, ptype: str = "read", user: str | None = None, debug: bool = False) -> bool | None:
	"""Deny (False) documents outside the user's rows; otherwise leave the decision to Frappe (None)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	if doc.doctype in REFERENCES:
		return reference_permission(doc, user)
	if not is_guarded(doc.doctype):
		return None
	return None if can_access(doc, ptype, user) else False


def reference_condition(doctype: str, user: str) -> str:
	"""Rows of Tag Link / File that point at guarded records the user may see (or at anything else)."""
	type_column, name_column, by_fields = REFERENCES[doctype]
	type_column, name_column = f"`tab{doctype}`.`{type_column}`", f"`tab{doctype}`.`{name_column}`"
	restricted, visible = [], []
	for target in guarded_parents():
		hidden = by_fields and bool(unreadable_fields(target, user))
		scope = scope_for(target, user)
		if scope.unrestricted and not hidden:
			continue
		restricted.append(frappe.db.escape(target))
		if hidden:
			continue
		if scope.unrestricted:
			visible.append(f"{type_column} = {frappe.db.escape(target)}")
		elif rows := rows_sql(target, scope):
			visible.append(
				f"({type_column} = {frappe.db.escape(target)}"
				f" and {name_column} in (select `name` from `tab{target}` where {rows}))"
			)
	if not restricted:
		return ""
	outside = f"ifnull({type_column}, '') not in ({', '.join(restricted)})"
	return "(" + " or ".join([outside, *visible]) + ")"


def reference_permission(doc, user: str) -> bool | None:
	type_column, name_column, by_fields = REFERENCES[doc.doctype]
	target, name = doc.get(type_column), doc.get(name_column)
	if not target or not is_guarded(target) or not name:
		return None
	if by_fields and unreadable_fields(target, user):
		return False
	if not frappe.db.exists(target, name):
		return False
	return None if can_access(frappe.get_doc(target, name), "read", user) else False
