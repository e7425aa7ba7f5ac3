"""ID numbers stored in clear before `id_number` became an encrypted field: encrypt them into __Auth, keep
their keyed hash and leave the mask, on Managed Customer and Customer Blacklist; then drop the clear values
that older Version and Deleted Document rows of those DocTypes still hold, and the Blacklist's index on the
column. Set-based, in chunks; running it again changes nothing."""

import json

import frappe

from crm_assign.core.identifiers import ENCRYPTED_DOCTYPES, ID_FIELD
from crm_assign.permissions.fields import scrub_version_data
from crm_assign.services.data_protection.id_numbers import encrypt_clear_id_numbers, is_mask

CHUNK = 5000


def execute():
	for doctype in ENCRYPTED_DOCTYPES:
		encrypt_clear_id_numbers(doctype, chunk=CHUNK)
	scrub_versions()
	scrub_deleted_documents()
	drop_blacklist_index()


def scrub_versions():
	version = frappe.qb.DocType("Version")
	for rows in _chunks(
		version,
		frappe.qb.from_(version)
		.select(version.name, version.ref_doctype, version.data)
		.where(version.ref_doctype.isin(ENCRYPTED_DOCTYPES))
		.where(version.data.like(f'%"{ID_FIELD}"%')),
	):
		frappe.db.bulk_update(
			"Version",
			{name: {"data": scrub_version_data(ref, data, {ID_FIELD})} for name, ref, data in rows},
			chunk_size=500,
			update_modified=False,
		)


def scrub_deleted_documents():
	deleted = frappe.qb.DocType("Deleted Document")
	for rows in _chunks(
		deleted,
		frappe.qb.from_(deleted)
		.select(deleted.name, deleted.data)
		.where(deleted.deleted_doctype.isin(ENCRYPTED_DOCTYPES))
		.where(deleted.data.like(f'%"{ID_FIELD}"%')),
	):
		updates = {}
		for name, data in rows:
			doc = json.loads(data)
			if doc.get(ID_FIELD) and not is_mask(doc[ID_FIELD]):
				doc[ID_FIELD] = None
				updates[name] = {"data": frappe.as_json(doc)}
		frappe.db.bulk_update("Deleted Document", updates, chunk_size=500, update_modified=False)


def drop_blacklist_index():
	"""Customer Blacklist indexed `id_number`; it holds masks now, and Frappe drops no index of a text
	column (the Password fieldtype's) by itself."""
	if index := frappe.db.get_column_index("tabCustomer Blacklist", ID_FIELD, unique=False):
		ddl = f"alter table `tabCustomer Blacklist` drop index `{index.Key_name}`"
		frappe.db.sql_ddl(ddl)  # nosemgrep: frappe-using-db-sql -- DDL, which frappe.qb cannot express


def _chunks(table, query):
	"""The rows of `query` on `table` (first column: name) in chunks of CHUNK, by name."""
	last = ""
	while rows := query.where(table.name > last).orderby(table.name).limit(CHUNK).run():
		yield rows
		last = rows[-1][0]
