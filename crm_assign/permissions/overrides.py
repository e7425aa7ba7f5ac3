"""Stock Frappe routes that bypass `permission_query_conditions` / `has_permission`, wrapped for the app's
DocTypes (wired through `override_whitelisted_methods`). Each wrapper checks first and then calls Frappe's
original, so behaviour for every other DocType is unchanged.

Frappe v15.55 leaks on these routes (checked against ToDo and our DocTypes):
`frappe.client.get_count` (plain `frappe.db.count`), `get_group_by_count` for `assigned_to` (plain qb),
`search_link` / `search_widget` with `ignore_user_permissions=1` or extra `filter_fields`, `get_link_title`
and `validate_link` (title / existence of any record), `linked_with.get` (no raise on denial),
`getdoc` / `get_docinfo` (Version rows with permlevel values), global search (doctype-level check only),
tags (`get_tagged_docs` plain qb, tagging others' records), `query_report.run` (accepts `user`, Query
Reports in raw SQL), shared dashboard-chart caches, and write responses carrying unreadable fields.
"""

import json

import frappe
import frappe.client
import frappe.desk.doctype.dashboard_chart.dashboard_chart as dashboard_chart
import frappe.desk.doctype.tag.tag as tag_module
import frappe.desk.form.linked_with as linked_with
import frappe.desk.form.load as form_load
import frappe.desk.listview as listview
import frappe.desk.query_report as query_report
import frappe.desk.search as search
import frappe.utils.global_search as global_search
from frappe import _
from frappe.utils import get_safe_filters

from crm_assign.core.identifiers import ENCRYPTED_DOCTYPES, ID_FIELD
from crm_assign.permissions.audit import log_read_by_non_owner
from crm_assign.permissions.fields import scrub_response, scrub_versions, unreadable_fields
from crm_assign.permissions.id_numbers import reveal_id_number
from crm_assign.permissions.rules import RULES, is_guarded, scope_for


def _deny(message: str | None = None):
	frappe.throw(message or _("Not permitted"), frappe.PermissionError)


def _readable(doctype: str, name: str | int | None, or_select: bool = False) -> bool:
	"""The record exists and the user may read it (or, with `or_select`, at least pick it in a link)."""
	if not name or not frappe.db.exists(doctype, name):
		return False
	doc = frappe.get_doc(doctype, name)
	return frappe.has_permission(doctype, "read", doc=doc) or (
		or_select and frappe.has_permission(doctype, "select", doc=doc)
	)


def _check_fieldnames(doctype: str, fieldnames) -> None:
	hidden = unreadable_fields(doctype)
	for fieldname in fieldnames or []:
		if str(fieldname).strip().strip("`") in hidden:
			_deny(_("Field {0} is not permitted.").format(frappe.bold(fieldname)))


# counts ------------------------------------------------------------------------------------------------


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""frappe.client.get_count: counts through frappe.get_list (row rules applied) for guarded DocTypes."""
	if not is_guarded(doctype):
		return frappe.client.get_count(doctype, filters=filters, debug=debug, cache=cache)
	frappe.has_permission(doctype, "read", throw=True)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(`tab{doctype}`.`name`) as total_count"],
		order_by=None,
	)
	return rows[0].total_count if rows else 0


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""Sidebar "Assigned To" counts over the rows the user may see (stock code counts every row)."""
	if not is_guarded(doctype) or field != "assigned_to":
		return listview.get_group_by_count(doctype, current_filters, field)
	frappe.has_permission(doctype, "read", throw=True)
	visible = frappe.get_list(
		doctype, filters=frappe.parse_json(current_filters), fields=[f"`tab{doctype}`.`name`"], run=0
	)
	# get_list's own SQL (run=0) as the subquery of visible rows: a string frappe.qb cannot embed
	return frappe.db.sql(  # nosemgrep: frappe-using-db-sql
		f"""select todo.allocated_to as name, count(*) as count
		from `tabToDo` todo join `tabUser` user on user.name = todo.allocated_to
		where todo.status != 'Cancelled' and user.user_type = 'System User'
			and todo.reference_type = %(doctype)s and todo.reference_name in ({visible})
		group by todo.allocated_to order by count desc limit 50""",
		{"doctype": doctype},
		as_dict=True,
	)


# search and links --------------------------------------------------------------------------------------


def _guard_search(doctype: str, query: str | None, searchfield: str | None, filter_fields) -> None:
	if query and not str(query).startswith("crm_assign."):
		_deny(_("Custom search queries for {0} must come from this app.").format(_(doctype)))
	fields = [searchfield] if searchfield else []
	if filter_fields:
		fields += json.loads(filter_fields) if isinstance(filter_fields, str) else list(filter_fields)
	_check_fieldnames(doctype, fields)


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	if is_guarded(doctype):
		_guard_search(doctype, query, searchfield, None)
		ignore_user_permissions = False
	return search.search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	if is_guarded(doctype):
		_guard_search(doctype, query, searchfield, filter_fields)
		ignore_user_permissions = False
	return search.search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def get_link_title(doctype: str, docname: str):
	"""Titles only of records the user may read or pick in a link (a receptionist picks a host by name, the
	same title the link's dropdown shows); otherwise the name they already typed, nothing more."""
	if is_guarded(doctype) and not _readable(doctype, docname, or_select=True):
		return docname
	return search.get_link_title(doctype, docname)


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""A guarded record the user may not read looks exactly like one that does not exist."""
	if is_guarded(doctype) and not _readable(doctype, docname):
		return frappe._dict()
	return frappe.client.validate_link(doctype, docname, fields=fields)


# forms -------------------------------------------------------------------------------------------------


def _scrub_docinfo_versions():
	docinfo = frappe.response.get("docinfo")
	if docinfo and is_guarded(docinfo.get("doctype") or ""):
		scrub_versions(docinfo.get("versions") or [], docinfo.doctype)


@frappe.whitelist()
def getdoc(doctype: str, name: str, user=None):
	result = form_load.getdoc(doctype, name)
	_scrub_docinfo_versions()
	if frappe.response.get("docs"):
		log_read_by_non_owner(doctype, name)
	return result


@frappe.whitelist()
def get_password(doctype: str, name: str, fieldname: str):
	"""frappe.client.get_password (System Managers only); an encrypted ID number read this way is a reveal
	like **Show ID Number**: permission-checked and written to the Access Log."""
	if doctype in ENCRYPTED_DOCTYPES and fieldname == ID_FIELD:
		frappe.only_for("System Manager")
		return reveal_id_number(doctype, name)
	return frappe.client.get_password(doctype, name, fieldname)


@frappe.whitelist()
def client_get(doctype: str, name: str | None = None, filters=None, parent: str | None = None):
	"""frappe.client.get, with reads of a customer by a non-owner written to the View Log."""
	doc = frappe.client.get(doctype, name=name, filters=filters, parent=parent)
	log_read_by_non_owner(doctype, doc.get("name"))
	return doc


@frappe.whitelist()
def get_docinfo(doc=None, doctype: str | None = None, name: str | None = None):
	result = form_load.get_docinfo(doc=doc, doctype=doctype, name=name)
	_scrub_docinfo_versions()
	return result


@frappe.whitelist()
def get_linked_docs(doctype: str, docname: str):
	"""frappe.desk.form.linked_with.get: stock code only msgprints when the record is not readable."""
	if is_guarded(doctype) and not _readable(doctype, docname):
		_deny()
	return linked_with.get(doctype, docname)


# global search and tags --------------------------------------------------------------------------------


@frappe.whitelist()
def global_search_search(text: str, start: int = 0, limit: int = 20, doctype: str = ""):
	results = global_search.search(text, start=start, limit=limit, doctype=doctype)
	return [r for r in results if not is_guarded(r.get("doctype") or "") or _readable(r.doctype, r.name)]


@frappe.whitelist()
def get_tagged_docs(doctype: str, tag: str):
	if not is_guarded(doctype):
		return tag_module.get_tagged_docs(doctype, tag)
	frappe.has_permission(doctype, "read", throw=True)
	return frappe.get_list(doctype, filters=[["_user_tags", "like", tag]], fields=["name"], as_list=True)


def _guard_tagging(dt: str, names) -> None:
	if is_guarded(dt):
		for name in names:
			if not _readable(dt, name):
				_deny()


@frappe.whitelist()
def add_tag(tag: str, dt: str, dn: str, color=None):
	_guard_tagging(dt, [dn])
	return tag_module.add_tag(tag, dt, dn, color)


@frappe.whitelist()
def add_tags(tags, dt: str, docs, color=None):
	_guard_tagging(dt, frappe.parse_json(docs))
	return tag_module.add_tags(tags, dt, docs, color)


@frappe.whitelist()
def remove_tag(tag: str, dt: str, dn: str):
	_guard_tagging(dt, [dn])
	return tag_module.remove_tag(tag, dt, dn)


# reports and charts ------------------------------------------------------------------------------------


def _guard_report(report_name: str) -> None:
	report = frappe.get_cached_value("Report", report_name, ["ref_doctype", "report_type"], as_dict=True)
	if not report or not is_guarded(report.ref_doctype or ""):
		return
	if report.report_type == "Query Report" and not scope_for(report.ref_doctype).unrestricted:
		_deny(_("Query Reports on {0} bypass record-level access.").format(_(report.ref_doctype)))


@frappe.whitelist()
def run_report(
	report_name: str,
	filters=None,
	user=None,
	ignore_prepared_report=False,
	custom_columns=None,
	is_tree=False,
	parent_field=None,
	are_default_filters=True,
):
	"""frappe.desk.query_report.run, always for the session user (stock code accepts any `user`)."""
	_guard_report(report_name)
	return query_report.run(
		report_name,
		filters=filters,
		user=frappe.session.user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)


@frappe.whitelist()
def export_report():
	_guard_report(frappe.form_dict.report_name)
	return query_report.export_query()


@frappe.whitelist()
def dashboard_chart_get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	"""Charts on guarded DocTypes are computed per user: the stock cache key is shared by all users."""
	source = (
		frappe.get_doc("Dashboard Chart", chart_name)
		if chart_name
		else frappe._dict(frappe.parse_json(chart))
	)
	doctype = source.document_type
	if source.chart_type == "Report" and source.report_name:
		doctype = frappe.get_cached_value("Report", source.report_name, "ref_doctype")
	if doctype and is_guarded(doctype):
		refresh = 1
	data = dashboard_chart.get(
		chart_name=chart_name,
		chart=chart,
		no_cache=no_cache,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
		refresh=refresh,
	)
	return translate_select_labels(source, data)


def translate_select_labels(source, data):
	"""A Group By chart on a Select field shows the values translated (成交, not Deal), as lists do."""
	if source.chart_type != "Group By" or not source.group_by_based_on or not isinstance(data, dict):
		return data
	field = frappe.get_meta(source.document_type).get_field(source.group_by_based_on)
	if field and field.fieldtype == "Select" and data.get("labels"):
		data["labels"] = [_(label) if isinstance(label, str) else label for label in data["labels"]]
	return data


# write responses ---------------------------------------------------------------------------------------


def scrub_json_response(response=None, request=None) -> None:
	"""after_request hook: strip unreadable permlevel fields of guarded documents from any JSON answer
	(PUT /api/resource, frappe.client.save/set_value, savedocs and run_doc_method return whole documents)."""
	if response is None or frappe.session.user in (None, "Administrator", "Guest"):
		return
	if response.mimetype != "application/json" or response.direct_passthrough:
		return
	body = response.get_data(as_text=True)
	if not any(doctype in body for doctype in RULES):
		return
	try:
		payload = json.loads(body)
	except ValueError:
		return
	response.set_data(json.dumps(scrub_response(payload), ensure_ascii=False, separators=(",", ":")))
