"""Where one customer's data lives: every record that links to it, and the core records that point at those.

Both the data export and the erasure use this map, found from the DocTypes themselves (standard and custom
Link fields to Managed Customer), so a DocType or custom field added later is exported and erased without a
code change. Child tables are reached through their parents.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import frappe
from frappe.query_builder import Criterion
from pypika.terms import Term

CUSTOMER = "Managed Customer"

# Core records attached to a document: (DocType, reference DocType column, reference name column)
ATTACHED = (
	("Version", "ref_doctype", "docname"),
	("Comment", "reference_doctype", "reference_name"),
	("Communication", "reference_doctype", "reference_name"),
	("Activity Log", "reference_doctype", "reference_name"),
	("Activity Log", "link_doctype", "link_name"),
	("Notification Log", "document_type", "document_name"),
	("ToDo", "reference_type", "reference_name"),
	("Email Queue", "reference_doctype", "reference_name"),
	("File", "attached_to_doctype", "attached_to_name"),
	("Tag Link", "document_type", "document_name"),  # holds the record's title (the customer's name)
)


@dataclass(frozen=True, order=True)
class CustomerLink:
	doctype: str
	fieldname: str
	istable: bool


def customer_links() -> list[CustomerLink]:
	"""Every Link field to Managed Customer on a stored DocType (DocField and Custom Field)."""
	doctype = frappe.qb.DocType("DocType")
	rows = set()
	for table, parent in (
		(frappe.qb.DocType("DocField"), "parent"),
		(frappe.qb.DocType("Custom Field"), "dt"),
	):
		rows |= set(
			frappe.qb.from_(table)
			.join(doctype)
			.on(doctype.name == table[parent])
			.select(table[parent], table.fieldname, doctype.istable)
			.where(table.fieldtype == "Link")
			.where(table.options == CUSTOMER)
			.where(doctype.issingle == 0)
			.where(doctype.is_virtual == 0)
			.run()
		)
	return sorted(CustomerLink(dt, field, bool(istable)) for dt, field, istable in rows)


def related_records(customers: list[str], links: list[CustomerLink] | None = None) -> dict[str, dict]:
	"""{DocType: {record name: customer}} of the (non-child) records linked to these customers."""
	found = defaultdict(dict)
	for link in links if links is not None else customer_links():
		if link.istable or not customers:
			continue
		table = frappe.qb.DocType(link.doctype)
		rows = (
			frappe.qb.from_(table)
			.select(table.name, table[link.fieldname])
			.where(in_names(table[link.fieldname], customers))
			.run()
		)
		found[link.doctype].update(rows)
	return dict(found)


class NameList(Term):
	"""An IN list rendered once, each name escaped with `frappe.db.escape`."""

	def __init__(self, sql: str):
		super().__init__()
		self.sql = sql

	def get_sql(self, **kwargs) -> str:
		return self.sql


@lru_cache(maxsize=32)
def _rendered(names: tuple) -> str:
	"""Names are strings, or integers (autoincrement logs)."""
	return "(" + ", ".join(frappe.db.escape(n) if isinstance(n, str) else str(int(n)) for n in names) + ")"


def in_names(column, names) -> Criterion:
	"""`column IN (…)` for many names. pypika wraps and renders every value again in each query, which was
	most of the erasure's time at thousands of names; here a list is rendered once per chunk. A name holding
	"%" (escaped differently with and without query parameters) takes pypika's own path."""
	names = tuple(names)
	if not names or any(isinstance(name, str) and "%" in name for name in names):
		return column.isin(list(names) or [""])
	return column.isin(NameList(_rendered(names)))


def references(
	table, doctype_column: str, name_column: str, records: dict[str, list[str]]
) -> Criterion | None:
	"""`(doctype_column = A and name_column in (…)) or (… = B and …)` for {DocType: names}; None when there
	are no names (an empty criterion would match every row)."""
	parts = [
		(table[doctype_column] == doctype) & in_names(table[name_column], names)
		for doctype, names in records.items()
		if names
	]
	return Criterion.any(parts) if parts else None


def with_customers(customers: list[str], related: dict[str, dict]) -> dict[str, list[str]]:
	"""{DocType: names} of the customers themselves and their related records."""
	return {CUSTOMER: list(customers), **{doctype: list(rows) for doctype, rows in related.items()}}
