# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE
"""Who looked at which customer without owning it: form and API reads (View Log) by non-owners, and every
print, export and ID-number reveal of customers (Access Log), with the basis of each access (Department,
Team Leader, Other)."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from crm_assign.permissions.audit import SHOW_ID_NUMBER, access_basis

CUSTOMER = "Managed Customer"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(), data, None, None, get_report_summary(data)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "time", "label": _("Time"), "fieldtype": "Datetime", "width": 160},
		{"fieldname": "user", "label": _("User"), "fieldtype": "Link", "options": "User", "width": 200},
		{"fieldname": "basis", "label": _("Basis"), "fieldtype": "Data", "width": 110},
		{"fieldname": "action", "label": _("Action"), "fieldtype": "Data", "width": 80},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": CUSTOMER,
			"width": 140,
		},
		{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 180},
		{
			"fieldname": "owner",
			"label": _("Owner"),
			"fieldtype": "Link",
			"options": "Account Manager",
			"width": 200,
		},
		{"fieldname": "details", "label": _("Details"), "fieldtype": "Data", "width": 220},
	]


def get_data(filters) -> list[dict]:
	start = getdate(filters.from_date or add_days(today(), -30))
	end = add_days(getdate(filters.to_date or today()), 1)
	rows = views(filters, start, end) + accesses(filters, start, end)
	for row in rows:
		row.basis = _(access_basis(row.user, row.pop("service_team", None)))
	return sorted(rows, key=lambda r: r.time, reverse=True)


def views(filters, start, end) -> list[dict]:
	view = frappe.qb.DocType("View Log")
	customer = frappe.qb.DocType(CUSTOMER)
	query = (
		frappe.qb.from_(view)
		.join(customer)
		.on(customer.name == view.reference_name)
		.select(
			view.creation.as_("time"),
			view.viewed_by.as_("user"),
			customer.name.as_("customer"),
			customer.customer_name,
			customer.account_manager.as_("owner"),
			customer.service_team,
		)
		.where(view.reference_doctype == CUSTOMER)
		.where(view.creation >= start)
		.where(view.creation < end)
		.where(customer.account_manager.isnull() | (customer.account_manager != view.viewed_by))
	)
	if filters.user:
		query = query.where(view.viewed_by == filters.user)
	if filters.customer:
		query = query.where(customer.name == filters.customer)
	rows = query.run(as_dict=True)
	for row in rows:
		row.action = _("View")
		row.details = ""
	return rows


def accesses(filters, start, end) -> list[dict]:
	log = frappe.qb.DocType("Access Log")
	customer = frappe.qb.DocType(CUSTOMER)
	query = (
		frappe.qb.from_(log)
		.left_join(customer)
		.on(customer.name == log.reference_document)
		.select(
			log.creation.as_("time"),
			log.user,
			log.reference_document.as_("customer"),
			customer.customer_name,
			customer.account_manager.as_("owner"),
			customer.service_team,
			log.method,
			log.file_type,
			log.filters,
		)
		.where(log.export_from == CUSTOMER)
		.where(log.creation >= start)
		.where(log.creation < end)
	)
	if filters.user:
		query = query.where(log.user == filters.user)
	if filters.customer:
		query = query.where(log.reference_document == filters.customer)
	rows = query.run(as_dict=True)
	for row in rows:
		method = row.pop("method")
		if method == SHOW_ID_NUMBER:
			row.action, method = _("Show ID Number"), None
		else:
			row.action = _("Print") if row.customer else _("Export")
		row.details = " ".join(str(v) for v in (method, row.pop("file_type"), row.pop("filters")) if v)
	return [r for r in rows if not r.customer or r.owner != r.user]


def get_report_summary(data) -> list[dict]:
	users = {row.user for row in data}
	customers = {row.customer for row in data if row.customer}
	return [
		{"label": _("Accesses"), "value": len(data), "datatype": "Int"},
		{"label": _("Users"), "value": len(users), "datatype": "Int"},
		{"label": _("Customers"), "value": len(customers), "datatype": "Int"},
	]
