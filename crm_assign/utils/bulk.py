"""Set-based writes of many rows, for the jobs and loaders that compute in memory and write in bulk.

- `executemany`: multi-row INSERTs through the database driver. `frappe.db.bulk_insert` renders every value
  through pypika; pymysql's executemany batches the same rows into multi-row INSERT statements at a third of
  the time. The writes bypass frappe.db's bookkeeping (like any driver call): callers commit at their own
  chunk boundaries.
- `insert_log_rows`: the same into an autoincrement log, named from its sequence.
- `bulk_set_values`: many rows' computed values in a few statements (one UPDATE … SET f = CASE name WHEN …
  per chunk).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import frappe
from frappe.query_builder import Case
from frappe.utils import now_datetime

from crm_assign.core.batching import chunks

INSERT_CHUNK = 10_000
UPDATE_CHUNK = 500


def executemany(sql: str, rows: list[tuple]) -> None:
	"""Run `sql` (with %s placeholders) once per row, batched by the driver."""
	if not frappe.db._conn:  # frappe.db connects on its first query; the driver's cursor is needed first
		frappe.db.connect()
	frappe.db._cursor.executemany(sql, rows)


def insert_log_rows(doctype: str, fields: list[str], rows: list[tuple]) -> None:
	"""Multi-row INSERT into an autoincrement log, naming rows from its sequence (one round trip per chunk).

	Frappe's `bulk_insert` would need the names first; the sequence's NEXTVAL gives them inside the INSERT.
	"""
	if not rows:
		return
	now, user = now_datetime(), frappe.session.user
	standard = ["creation", "modified", "owner", "modified_by", "docstatus"]
	columns = ", ".join(f"`{f}`" for f in ["name", *standard, *fields])
	sequence = f"{frappe.scrub(doctype)}_id_seq"
	placeholders = ", ".join(["%s"] * (len(standard) + len(fields)))
	sql = f"INSERT INTO `tab{doctype}` ({columns}) VALUES (NEXTVAL(`{sequence}`), {placeholders})"
	for chunk in chunks(rows, INSERT_CHUNK):
		executemany(sql, [(now, now, user, user, 0, *row) for row in chunk])


def _literal(value):
	if isinstance(value, bool):
		return int(value)
	if isinstance(value, datetime | date):
		return str(value)
	return value


def bulk_set_values(
	doctype: str, updates: Mapping[str, Mapping[str, object]], chunk: int = UPDATE_CHUNK
) -> int:
	"""Set per-row values ``{name: {field: value}}`` without loading documents; ``modified`` is untouched.

	Returns the number of rows written. Meant for derived fields recomputed by scheduled jobs.
	"""
	table = frappe.qb.DocType(doctype)
	items = [(name, values) for name, values in updates.items() if values]
	for part in chunks(items, chunk):
		query = frappe.qb.update(table)
		for fieldname in sorted({f for _, values in part for f in values}):
			case = Case()
			for name, values in part:
				if fieldname in values:
					case = case.when(table.name == name, _literal(values[fieldname]))
			query = query.set(table[fieldname], case.else_(table[fieldname]))
		query.where(table.name.isin([name for name, _ in part])).run()
	return len(items)
