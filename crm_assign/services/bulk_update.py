"""Write many rows' computed values in a few statements: one UPDATE … SET f = CASE name WHEN … per chunk."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import frappe
from frappe.query_builder import Case

CHUNK = 500


def _literal(value):
	if isinstance(value, bool):
		return int(value)
	if isinstance(value, datetime | date):
		return str(value)
	return value


def bulk_set_values(doctype: str, updates: Mapping[str, Mapping[str, object]], chunk: int = CHUNK) -> int:
	"""Set per-row values ``{name: {field: value}}`` without loading documents; ``modified`` is untouched.

	Returns the number of rows written. Meant for derived fields recomputed by scheduled jobs.
	"""
	table = frappe.qb.DocType(doctype)
	items = [(name, values) for name, values in updates.items() if values]
	for start in range(0, len(items), chunk):
		part = items[start : start + chunk]
		query = frappe.qb.update(table)
		for fieldname in sorted({f for _, values in part for f in values}):
			case = Case()
			for name, values in part:
				if fieldname in values:
					case = case.when(table.name == name, _literal(values[fieldname]))
			query = query.set(table[fieldname], case.else_(table[fieldname]))
		query.where(table.name.isin([name for name, _ in part])).run()
	return len(items)
