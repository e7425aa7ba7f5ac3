"""Anonymise customers: their personal data destroyed, the figures reports need kept.

What goes (set to NULL; a required text field gets the placeholder "Anonymised"):
- on the customer: its name (→ "Anonymised CUST-…", so rows stay distinct), contact person, e-mail, mobile,
  phone, registration number with its companions (`id_number_*`: keyed hash, ciphertext; the stored secret of
  a Password field), address, notes, and any other contact-level field that is not a figure;
- on every record linked to the customer (found from the DocTypes, custom fields included): the copied
  customer name (→ placeholder), fields fetched from the customer's personal fields, attachment fields, and
  the free text that may hold personal data (`FREE_TEXT`);
- attached to the customer and to those records: Versions, comments, communications (with their links),
  files (from disk too), tags, notifications, to-dos, activity log rows, queued e-mails, global-search
  entries; Deleted Document copies.

What stays: record names, owner, team, region, grade, status, stage, dates, amounts, ratings and SLA figures,
and the rows of the append-only logs (Ownership Log, Lifecycle Log, Grade Review — only their copy of the name
and users' free-text reasons change, written directly, not through their guarded controllers), so reports give
the same figures afterwards. An active blacklist entry is not touched: its identifiers are what recognises
the customer if it comes back (a removed entry is anonymised with the customer).

Every step is idempotent and set-based (a few statements per DocType for a whole chunk of customers); nothing
here commits — the caller does, at its chunk boundaries.
"""

from dataclasses import dataclass

import frappe
from frappe.model import no_value_fields
from frappe.query_builder import Criterion, CustomFunction, Table
from frappe.query_builder.functions import Concat

from crm_assign.core.retention import ANONYMISED
from crm_assign.permissions.fields import scrub_version_data
from crm_assign.services.data_protection.customer_records import (
	ATTACHED,
	CUSTOMER,
	customer_links,
	in_names,
	references,
	related_records,
	with_customers,
)
from crm_assign.services.lifecycle.blacklist import ACTIVE_STATUSES

PERSONAL_FIELDS = ("contact_person", "email_id", "mobile_no", "phone", "id_number", "address", "notes")
# Beyond those, every contact-level field (permlevel ≥ 1) that is not a figure counts as personal: a custom
# field added at contact level, or a field moved there in Customize Form, is erased too.
FIGURE_TYPES = ("Currency", "Float", "Int", "Percent", "Check", "Date", "Datetime", "Rating", "Duration")
CONTACT_FIELDS = ("contact_person", "email_id", "mobile_no", "phone", "address")
# A field stored with companions (`id_number_hash`, `id_number_encrypted`…) takes them along when cleared.
COMPANION_PREFIXES = ("id_number",)
ATTACH_TYPES = ("Attach", "Attach Image")

JsonValue = CustomFunction("JSON_VALUE", ["json", "path"])


@dataclass(frozen=True)
class Scrub:
	fields: tuple[str, ...]
	only: tuple[str, tuple[str, ...]] | None = None  # (column, values): only rows whose column is one of them


# Free text that may hold personal data, per DocType (child tables are reached through their parents).
FREE_TEXT = {
	"Customer Visit": Scrub(("purpose", "questions_raised", "outcome", "survey_link", "survey_comment")),
	"Visit Follow Up": Scrub(("action",)),
	"Customer Complaint": Scrub(
		(
			"subject",
			"description",
			"root_cause",
			"resolution",
			"customer_reply",
			"no_satisfaction_reason",
			"survey_link",
			"survey_comment",
		)
	),
	"Satisfaction Survey": Scrub(("comment", "token")),
	"Admission Application": Scrub(
		(
			"company_profile",
			"products",
			"talk_with_person_in_charge",
			"onsite_findings",
			"reasons",
			"trading_policy",
			"expected_products",
		)
	),
	"Admission Criterion": Scrub(("remarks",)),
	"Discount Request": Scrub(("reason",)),
	"Customer Exit Request": Scrub(("details",)),
	"Customer Blacklist": Scrub(("id_number", "mobile_no", "phone", "details", "removal_reason")),
	# reasons typed by people; generated ones ("Sale TXN-…", "Framework contract signed on …") stay
	"Lifecycle Log": Scrub(("reason",), only=("source", ("Manual", "Exit", "Blacklist"))),
}

# Records kept whole while they serve their purpose.
KEEP_WHILE = {"Customer Blacklist": ("status", ACTIVE_STATUSES)}


def anonymise_customers(customers: list[str]) -> dict:
	"""Anonymise these customers and everything linked to them; returns counts."""
	customers = sorted(set(customers))
	if not customers:
		return {"customers": 0, "records": 0}
	links = customer_links()
	related = drop_kept(related_records(customers, links))
	records = with_customers(customers, related)
	clear_customers(customers)
	replace_copies(customers, links, related)
	scrub_free_text(records)
	delete_attached(records)
	delete_deleted_copies(customers, links)
	return {"customers": len(customers), "records": sum(len(rows) for rows in related.values())}


def erase_contact(customers: list[str]) -> None:
	"""Clear one person's contact details on customers (a data subject's deletion request), also from the
	customers' Versions; the customers and their records stay."""
	if not customers:
		return
	table = frappe.qb.DocType(CUSTOMER)
	clear_fields(CUSTOMER, CONTACT_FIELDS, in_names(table.name, customers))
	version = frappe.qb.DocType("Version")
	rows = (
		frappe.qb.from_(version)
		.select(version.name, version.data)
		.where((version.ref_doctype == CUSTOMER) & in_names(version.docname, customers))
		.run()
	)
	for name, data in rows:
		scrubbed = scrub_version_data(CUSTOMER, data, set(CONTACT_FIELDS))
		if scrubbed != data:
			frappe.qb.update(version).set(version.data, scrubbed).where(version.name == name).run()


def drop_kept(related: dict[str, dict]) -> dict[str, dict]:
	for doctype, (column, values) in KEEP_WHILE.items():
		if names := list(related.get(doctype, {})):
			kept = set(
				frappe.get_all(doctype, filters={"name": ("in", names), column: ("in", values)}, pluck="name")
			)
			related[doctype] = {n: c for n, c in related[doctype].items() if n not in kept}
	return related


def personal_fields(meta) -> list[str]:
	contact_level = [
		df.fieldname
		for df in meta.fields
		if df.permlevel >= 1 and df.fieldtype not in FIGURE_TYPES and df.fieldtype not in no_value_fields
	]
	return [*PERSONAL_FIELDS, *(f for f in contact_level if f not in PERSONAL_FIELDS)]


def clear_customers(customers: list[str]) -> None:
	table = frappe.qb.DocType(CUSTOMER)
	clear_fields(CUSTOMER, personal_fields(frappe.get_meta(CUSTOMER)), in_names(table.name, customers))
	(
		frappe.qb.update(table)
		.set(table.customer_name, Concat(f"{ANONYMISED} ", table.name))
		.set(table._comments, None)
		.set(table._user_tags, None)
		.set(table.contact_verified, 0)  # no contact is left to be verified; completeness keeps its figure
		.set(table.contact_verified_on, None)
		.where(in_names(table.name, customers))
		.run()
	)


def clear_fields(doctype: str, fieldnames, where) -> None:
	"""Set these fields (and their companions) to NULL — "Anonymised" if required — on the rows `where`
	selects; a Password field's secret is deleted from __Auth too."""
	meta = frappe.get_meta(doctype)
	fields = [df for f in with_companions(meta, fieldnames) if (df := meta.get_field(f))]
	if not fields:
		return
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.update(table)
	for df in fields:
		query = query.set(table[df.fieldname], ANONYMISED if df.reqd and df.fieldtype != "Password" else None)
	query.where(where).run()
	if secrets := [df.fieldname for df in fields if df.fieldtype == "Password"]:
		auth = Table("__Auth")
		frappe.qb.from_(auth).delete().where(auth.doctype == doctype).where(
			auth.fieldname.isin(secrets)
		).where(auth.name.isin(frappe.qb.from_(table).select(table.name).where(where))).run()


def with_companions(meta, fieldnames) -> list[str]:
	return list(fieldnames) + [f for f in companions(meta, fieldnames) if f not in fieldnames]


def companions(meta, fieldnames=COMPANION_PREFIXES) -> list[str]:
	"""Fields stored next to these ones (`id_number_hash` next to `id_number`)."""
	prefixes = [f"{p}_" for p in COMPANION_PREFIXES if p in fieldnames]
	return [df.fieldname for df in meta.fields if any(df.fieldname.startswith(p) for p in prefixes)]


def replace_copies(customers: list[str], links, related: dict[str, dict]) -> None:
	"""The customer's name copied onto linked rows → placeholder; its personal fields fetched there → NULL."""
	for link in links:
		if link.doctype == CUSTOMER:
			continue
		meta = frappe.get_meta(link.doctype)
		names, personal = [], []
		for df in meta.fields:
			source = (df.fetch_from or "").split(".")
			fetched = source[1] if len(source) == 2 and source[0] == link.fieldname else None
			own_copy = df.fieldname == "customer_name" and not df.fetch_from and link.fieldname == "customer"
			if fetched == "customer_name" or own_copy:
				names.append(df.fieldname)
			elif fetched in PERSONAL_FIELDS:
				personal.append(df.fieldname)
		table = frappe.qb.DocType(link.doctype)
		if link.istable:
			where = in_names(table[link.fieldname], customers)
		elif rows := list(related.get(link.doctype, {})):
			where = in_names(table.name, rows)
		else:
			continue
		if personal:
			clear_fields(link.doctype, personal, where)
		if names:
			query = frappe.qb.update(table)
			for fieldname in names:
				query = query.set(table[fieldname], Concat(f"{ANONYMISED} ", table[link.fieldname]))
			query.where(where).run()


def scrub_free_text(records: dict[str, list[str]]) -> None:
	for doctype, scrub in FREE_TEXT.items():
		table = frappe.qb.DocType(doctype)
		if frappe.get_meta(doctype).istable:
			where = references(table, "parenttype", "parent", records)
		elif names := records.get(doctype):
			where = in_names(table.name, names)
		else:
			continue
		if where is None:
			continue
		if scrub.only:
			column, values = scrub.only
			where = where & table[column].isin(values)
		clear_fields(doctype, scrub.fields, where)
	for doctype, names in records.items():
		if doctype == CUSTOMER or not names:
			continue
		table = frappe.qb.DocType(doctype)
		attach = [df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldtype in ATTACH_TYPES]
		query = frappe.qb.update(table).set(table._comments, None).set(table._user_tags, None)
		for fieldname in attach:
			query = query.set(table[fieldname], None)
		query.where(in_names(table.name, names)).run()


def delete_attached(records: dict[str, list[str]]) -> None:
	index = Table("__global_search")  # Frappe's global search copies of the records' text
	frappe.qb.from_(index).delete().where(references(index, "doctype", "name", records)).run()
	for doctype, doctype_column, name_column in ATTACHED:
		table = frappe.qb.DocType(doctype)
		where = references(table, doctype_column, name_column, records)
		if where is None:
			continue
		if doctype == "File":
			delete_files(table, where)
		elif doctype == "Communication":
			delete_communications(table, where, records)
		elif doctype == "Email Queue":
			delete_with_children(table, where, "Email Queue Recipient")
		else:
			frappe.qb.from_(table).delete().where(where).run()


def delete_files(table, where) -> None:
	"""Through the File controller, so the file leaves the disk as well."""
	for name in (
		frappe.qb.from_(table).select(table.name).where(where & (table.is_folder == 0)).run(pluck=True)
	):
		frappe.delete_doc("File", name, ignore_permissions=True, force=True, delete_permanently=True)


def delete_communications(table, where, records) -> None:
	"""Communications about these records, or linked to them (e-mails with the customer)."""
	link = frappe.qb.DocType("Communication Link")
	linked = references(link, "link_doctype", "link_name", records)
	names = (
		frappe.qb.from_(table)
		.select(table.name)
		.where(where | table.name.isin(frappe.qb.from_(link).select(link.parent).where(linked)))
		.run(pluck=True)
	)
	if names:
		frappe.qb.from_(link).delete().where(link.parent.isin(names)).run()
		frappe.qb.from_(table).delete().where(in_names(table.name, names)).run()
	frappe.qb.from_(link).delete().where(linked).run()


def delete_with_children(table, where, child: str) -> None:
	names = frappe.qb.from_(table).select(table.name).where(where).run(pluck=True)
	if names:
		rows = frappe.qb.DocType(child)
		frappe.qb.from_(rows).delete().where(rows.parent.isin(names)).run()
		frappe.qb.from_(table).delete().where(in_names(table.name, names)).run()


def delete_deleted_copies(customers: list[str], links) -> None:
	"""Copies in Deleted Document: of the customers, and of deleted records that linked to them."""
	deleted = frappe.qb.DocType("Deleted Document")
	copies = [(deleted.deleted_doctype == CUSTOMER) & in_names(deleted.deleted_name, customers)]
	copies += [
		(deleted.deleted_doctype == link.doctype)
		& in_names(JsonValue(deleted.data, f"$.{link.fieldname}"), customers)
		for link in links
		if not link.istable and link.doctype != CUSTOMER
	]
	frappe.qb.from_(deleted).delete().where(Criterion.any(copies)).run()
