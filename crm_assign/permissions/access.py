"""The hooks Frappe calls: `permission_query_conditions` (lists) and `has_permission` (documents)."""

import frappe

from crm_assign.permissions.fields import calling_query, check_query
from crm_assign.permissions.rules import RULES, can_access, condition_for, is_guarded, rows_sql, scope_for

TAG_LINK = "Tag Link"


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""SQL condition for `frappe.get_list(doctype)`; also refuses filters/sorts on unreadable fields."""
	user = user or frappe.session.user
	if doctype == TAG_LINK:
		return tag_link_condition(user)
	if not doctype or not is_guarded(doctype):
		return ""
	check_query(calling_query(), user)
	return condition_for(doctype, user)


def has_permission(doc, ptype: str = "read", user: str | None = None, debug: bool = False) -> bool | None:
	"""Deny (False) documents outside the user's rows; otherwise leave the decision to Frappe (None)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	if doc.doctype == TAG_LINK:
		return tag_link_permission(doc, user)
	if not is_guarded(doc.doctype):
		return None
	return None if can_access(doc, ptype, user) else False


def tag_link_condition(user: str) -> str:
	"""Tag Link is readable by role All: show tags of guarded records only on rows the user may see."""
	restricted, visible = [], []
	for doctype in RULES:
		scope = scope_for(doctype, user)
		if scope.unrestricted:
			continue
		restricted.append(frappe.db.escape(doctype))
		if rows := rows_sql(doctype, scope):
			visible.append(
				f"(`tabTag Link`.`document_type` = {frappe.db.escape(doctype)}"
				f" and `tabTag Link`.`document_name` in (select `name` from `tab{doctype}` where {rows}))"
			)
	if not restricted:
		return ""
	return (
		"(" + " or ".join([f"`tabTag Link`.`document_type` not in ({', '.join(restricted)})", *visible]) + ")"
	)


def tag_link_permission(doc, user: str) -> bool | None:
	if doc.document_type in RULES and doc.document_name:
		if not frappe.db.exists(doc.document_type, doc.document_name):
			return False
		target = frappe.get_doc(doc.document_type, doc.document_name)
		return None if can_access(target, "read", user) else False
	return None
