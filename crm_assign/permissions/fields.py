"""Field-level confidentiality: the permlevel fields a user may not read stay out of every answer.

Frappe strips unreadable permlevel fields from the *columns* of `frappe.get_list`, but not from filters,
`or_filters`, `order_by` or `group_by` (so `mobile_no like '138%'` would answer yes/no), not from Version
rows and not from the documents that write routes return. This module closes those gaps for the app's
DocTypes:

- `check_query` runs inside the `permission_query_conditions` hook, i.e. inside every permission-checked
  `frappe.get_list` on a guarded DocType, and refuses a query that filters, sorts or groups on a field the
  user cannot read, and joins a guarded DocType read through a link (`customer.customer_name`) as the
  user's rows of it only (`confine_link_tables`), so the join cannot bypass its row rules.
- `scrub_version` keeps permlevel fields out of Version data (at insert, and again when read).
- `scrub_response` removes unreadable fields from documents in any JSON answer (write responses included).
"""

import json
import re
import sys

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery
from frappe.utils.caching import site_cache

from crm_assign.permissions.rules import (
	RULES,
	condition_for,
	guarded_children,
	guarded_parents,
	is_guarded,
	parent_of,
	scope_for,
)

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CACHE_KEY = "crm_assign_unreadable_fields"


def guarded_doctypes() -> list[str]:
	return [*guarded_parents(), *guarded_children()]


@site_cache(ttl=300)
def _high_permlevel_map() -> dict[str, dict[str, int]]:
	"""{guarded DocType: {fieldname: permlevel}} for those with permlevel > 0 fields, memoised per process."""
	result = {}
	for doctype in guarded_doctypes():
		if high := {
			df.fieldname: df.permlevel for df in frappe.get_meta(doctype).get_high_permlevel_fields()
		}:
			result[doctype] = high
	return result


def high_permlevel_fields(doctype: str) -> dict[str, int]:
	return _high_permlevel_map().get(doctype, {})


def unreadable_fields(doctype: str, user: str | None = None) -> frozenset[str]:
	"""Permlevel fields of `doctype` the user cannot read (memoised per request)."""
	user = user or frappe.session.user
	cache = frappe.local.cache.setdefault(_CACHE_KEY, {})
	key = (doctype, user)
	if key not in cache:
		high = high_permlevel_fields(doctype)
		if not high or user == "Administrator":
			cache[key] = frozenset()
		else:
			meta = frappe.get_meta(doctype)
			levels = set(meta.get_permlevel_access("read", parenttype=parent_of(doctype), user=user))
			cache[key] = frozenset(f for f, level in high.items() if level not in levels)
	return cache[key]


def forbidden_names(user: str | None = None) -> frozenset[str]:
	"""Every permlevel fieldname of a guarded DocType that this user cannot read."""
	names = set()
	for doctype in _high_permlevel_map():
		names |= unreadable_fields(doctype, user)
	return frozenset(names)


def _refuse(fieldname: str):
	frappe.throw(
		_("You are not permitted to filter, sort or group by {0}.").format(frappe.bold(fieldname)),
		frappe.PermissionError,
	)


def _check_tokens(text, forbidden: frozenset[str]) -> None:
	for token in _IDENTIFIER.findall(str(text or "")):
		if token in forbidden:
			_refuse(token)


def _filter_field_parts(filters):
	if not filters:
		return
	if isinstance(filters, str):
		try:
			filters = json.loads(filters)
		except ValueError:
			yield filters
			return
	if isinstance(filters, dict):
		yield from filters.keys()
		return
	for condition in filters:
		if isinstance(condition, str):
			yield condition
		elif isinstance(condition, dict):
			yield from condition.keys()
		elif isinstance(condition, list | tuple) and condition:
			yield condition[1] if len(condition) >= 4 else condition[0]
			if len(condition) >= 4:
				yield condition[0]


def calling_query() -> DatabaseQuery | None:
	"""The DatabaseQuery whose permission conditions are being built (Frappe passes the hook no query)."""
	frame = sys._getframe(1)
	for _depth in range(8):
		if frame is None:
			return None
		candidate = frame.f_locals.get("self")
		if isinstance(candidate, DatabaseQuery):
			return candidate
		frame = frame.f_back
	return None


def confine_link_tables(query: DatabaseQuery, user: str | None = None) -> None:
	"""Fields read through a link into a guarded DocType (Desk's link titles: `customer.customer_name`,
	`account_manager.full_name`) come only from the linked rows the user may see: the link is joined to the
	user's rows of that DocType, so a row outside them reads blank (NULL) and the rest of the list loads.
	Frappe itself drops the linked DocType's permlevel fields the user cannot read."""
	for link in query.link_tables:
		if link.get("confined") or not is_guarded(link.doctype):
			continue
		if not scope_for(link.doctype, user).unrestricted:
			visible = condition_for(link.doctype, user)
			link.table_name = f"(select * from `tab{link.doctype}` where {visible})"
		link.confined = True


def check_query(query: DatabaseQuery | None, user: str | None = None) -> None:
	"""Refuse filters / sort / grouping on unreadable fields and permlevel fields joined through links."""
	if query is None or (user or frappe.session.user) == "Administrator":
		return
	confine_link_tables(query, user)
	forbidden = forbidden_names(user)
	if not forbidden:
		return
	for filters in (query.filters, query.or_filters):
		for part in _filter_field_parts(filters):
			_check_tokens(part, forbidden)
	_check_tokens(query.order_by if query.order_by != "KEEP_DEFAULT_ORDERING" else "", forbidden)
	_check_tokens(query.group_by, forbidden)


def scrub_version_data(ref_doctype: str, data: str | None, fields: frozenset[str] | set[str]) -> str | None:
	"""Version data without the given fields (changed values and table rows of permlevel table fields)."""
	if not data or not fields:
		return data
	try:
		diff = json.loads(data)
	except ValueError:
		return data
	if not isinstance(diff, dict):
		return data
	if isinstance(diff.get("changed"), list):
		diff["changed"] = [c for c in diff["changed"] if not (c and c[0] in fields)]
	for key in ("added", "removed", "row_changed"):
		if isinstance(diff.get(key), list):
			diff[key] = [row for row in diff[key] if not (row and row[0] in fields)]
	return frappe.as_json(diff, indent=None, separators=(",", ":"))


def scrub_version_before_insert(doc, method=None) -> None:
	"""doc_events hook on Version: store no values of permlevel fields of guarded DocTypes."""
	if doc.ref_doctype in RULES:
		doc.data = scrub_version_data(doc.ref_doctype, doc.data, set(high_permlevel_fields(doc.ref_doctype)))


def scrub_versions(versions: list, ref_doctype: str, user: str | None = None) -> list:
	fields = unreadable_fields(ref_doctype, user)
	if fields:
		for version in versions:
			version["data"] = scrub_version_data(ref_doctype, version.get("data"), fields)
	return versions


def scrub_response(value, user: str | None = None):
	"""Remove unreadable permlevel fields from every document dict found in a JSON-like value."""
	if isinstance(value, list):
		for item in value:
			scrub_response(item, user)
	elif isinstance(value, dict):
		doctype = value.get("doctype")
		if isinstance(doctype, str) and is_guarded(doctype):
			for fieldname in unreadable_fields(doctype, user):
				value.pop(fieldname, None)
		for item in value.values():
			if isinstance(item, list | dict):
				scrub_response(item, user)
	return value


def keep_attachments_private(doc, method=None) -> None:
	"""doc_events hook on File: a file attached to a guarded record must be private (not under /files)."""
	if doc.attached_to_doctype and is_guarded(doc.attached_to_doctype) and not doc.is_private:
		frappe.throw(
			_("Files attached to {0} must be private.").format(_(doc.attached_to_doctype)),
			frappe.PermissionError,
		)
