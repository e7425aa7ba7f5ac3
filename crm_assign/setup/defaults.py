"""Settings defaults: what a Single's fields default to, stored once where the site has made no choice."""

import frappe


def apply_single_defaults(doctype: str) -> None:
	"""Store each field's default in a Single where the site has no value yet (never overwrite a choice)."""
	singles = frappe.qb.DocType("Singles")
	settings = frappe.get_single(doctype)
	# Frappe fills every Time field of a new document with the current time (microseconds included), so a
	# stored time with a fraction of a second was never chosen by anyone: treat it as missing.
	time_fields = {df.fieldname for df in settings.meta.fields if df.fieldtype == "Time"}
	stored = {
		field
		for field, value in frappe.qb.from_(singles)
		.select(singles.field, singles.value)
		.where(singles.doctype == doctype)
		.run()
		if not (field in time_fields and "." in (value or ""))
	}
	missing = [
		df
		for df in settings.meta.fields
		if df.default is not None
		and df.fieldtype not in frappe.model.no_value_fields
		and df.fieldname not in stored
	]
	if not missing:
		return
	for df in missing:
		settings.set(df.fieldname, df.default)
	settings.flags.ignore_permissions = True
	settings.save()
