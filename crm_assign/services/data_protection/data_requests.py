"""Requests about one customer's data: export it on request, and finish a data subject's deletion request.

- `export_customer_data` (the department: Customer Manager, System Manager) downloads a zip with
  `customer.json` — the customer with every field (a Password field's stored secret decrypted), every record
  linked to it (visits with follow-ups, complaints with their escalation and status logs, surveys,
  transactions, admission applications, discount and exit requests, blacklist entries, ownership and
  lifecycle logs, grade reviews, credits — found from the DocTypes, custom fields included), their
  comments, communications, Versions and the list of attached files — and the files themselves under
  `files/`. Each export is written to Frappe's Access Log (the Customer Access Log report lists it).
- Frappe's Personal Data Deletion Request: `user_data_fields` in hooks.py adds a Managed Customer step to its
  standard flow; when that approved deletion runs, `after_personal_data_deletion` clears the contact fields
  of every customer carrying the person's e-mail (NULL), drops them from those customers' Versions and, for
  an Individual customer — the person is the customer — anonymises the whole customer.
  Frappe's Personal Data Download Request includes those customer records through the same hook.
"""

import io
import json
import zipfile

import frappe
from frappe import _
from frappe.core.doctype.access_log.access_log import make_access_log
from frappe.utils import now_datetime
from frappe.utils.password import get_decrypted_password

from crm_assign.services.data_protection.anonymise import anonymise_customers, companions, erase_contact
from crm_assign.services.data_protection.customer_records import (
	ATTACHED,
	CUSTOMER,
	customer_links,
	references,
	related_records,
	with_customers,
)

DEPARTMENT = ("Customer Manager", "System Manager")
EXPORTED_FROM_CORE = ("Comment", "Communication", "Version")


def require_department() -> None:
	"""Like `frappe.only_for(DEPARTMENT)`, which tests skip: these routes are tested in the site too."""
	if not set(DEPARTMENT) & set(frappe.get_roles()):
		frappe.throw(
			_("Only the Customer Manager or a System Manager may do this with customer data."),
			frappe.PermissionError,
		)


@frappe.whitelist()
def export_customer_data(customer: str) -> None:
	"""Download one customer's data as a zip (customer.json + files/); department only, logged."""
	require_department()
	frappe.has_permission(CUSTOMER, "read", customer, throw=True)
	content = export_zip(customer)
	make_access_log(doctype=CUSTOMER, document=customer, method="Export Customer Data", file_type="ZIP")
	frappe.response.filename = f"{customer}-data.zip"
	frappe.response.filecontent = content
	frappe.response.type = "download"


def export_zip(customer: str) -> bytes:
	data, files = customer_data(customer)
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
		archive.writestr("customer.json", frappe.as_json(data, indent=1))
		for path, file_name in files.items():
			archive.writestr(path, frappe.get_doc("File", file_name).get_content())
	return buffer.getvalue()


def customer_data(customer: str) -> tuple[dict, dict[str, str]]:
	"""(everything stored about the customer, {path in the zip: File name} of its attachments)."""
	doc = frappe.get_doc(CUSTOMER, customer)
	related = related_records([customer], customer_links())
	records = with_customers([customer], related)
	data = {
		"exported_on": now_datetime(),
		"exported_by": frappe.session.user,
		"customer": with_secrets(CUSTOMER, doc.as_dict(convert_dates_to_str=True)),
		"records": {doctype: load_rows(doctype, list(names)) for doctype, names in sorted(related.items())},
	}
	for doctype, doctype_column, name_column in ATTACHED:
		if doctype in EXPORTED_FROM_CORE:
			table = frappe.qb.DocType(doctype)
			rows = (
				frappe.qb.from_(table)
				.select("*")
				.where(references(table, doctype_column, name_column, records))
			)
			data.setdefault(doctype, []).extend(rows.orderby(table.creation).run(as_dict=True))
	table = frappe.qb.DocType("File")
	attached = (
		frappe.qb.from_(table)
		.select(table.name, table.file_name, table.file_url, table.file_size, table.is_private)
		.select(table.attached_to_doctype, table.attached_to_name, table.creation)
		.where(references(table, "attached_to_doctype", "attached_to_name", records) & (table.is_folder == 0))
		.run(as_dict=True)
	)
	files = {}
	for row in attached:
		row.path = f"files/{row.name}-{row.file_name}"
		files[row.path] = row.name
	data["File"] = attached
	return json.loads(frappe.as_json(data)), files


def with_secrets(doctype: str, row: dict) -> dict:
	"""The row with its Password fields decrypted (the ID number in clear), without their companions (the
	keyed hash: derived, it tells the customer nothing)."""
	meta = frappe.get_meta(doctype)
	for df in meta.fields:
		if df.fieldtype == "Password":
			row[df.fieldname] = get_decrypted_password(
				doctype, row["name"], df.fieldname, raise_exception=False
			)
	for fieldname in companions(meta):
		row.pop(fieldname, None)
	return row


def load_rows(doctype: str, names: list[str]) -> list[dict]:
	"""Rows of `doctype` (secrets decrypted) with their child-table rows, in a query per table."""
	rows = frappe.get_all(doctype, filters={"name": ("in", names)}, fields=["*"], order_by="creation")
	rows = [with_secrets(doctype, row) for row in rows]
	for df in frappe.get_meta(doctype).get_table_fields():
		children = frappe.get_all(
			df.options,
			filters={"parent": ("in", names), "parenttype": doctype, "parentfield": df.fieldname},
			fields=["*"],
			order_by="idx",
		)
		by_parent = {}
		for child in children:
			by_parent.setdefault(child.parent, []).append(child)
		for row in rows:
			row[df.fieldname] = by_parent.get(row.name, [])
	return rows


def after_personal_data_deletion(doc, method=None) -> None:
	"""doc_events on_update of Personal Data Deletion Request. Once the approved deletion is under way (its
	steps exist; the Managed Customer step from `user_data_fields` still pending), erase the person from the
	customers carrying their e-mail — before Frappe's own step, whose placeholders would hide the e-mail (it
	rewrites it with the person's name redacted). Frappe's step then finds nothing left to redact."""
	step = next((s for s in doc.deletion_steps if s.document_type == CUSTOMER), None)
	if not step or step.status != "Pending":
		return
	rows = frappe.get_all(CUSTOMER, filters={"email_id": doc.email}, fields=["name", "customer_type"])
	erase_contact([row.name for row in rows])
	anonymise_customers([row.name for row in rows if row.customer_type == "Individual"])
