# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import AppendOnlyError


class LifecycleLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		change_type: DF.Literal["Stage", "Status"]
		changed_at: DF.Datetime | None
		changed_by: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		from_value: DF.Data | None
		name: DF.Int | None
		reason: DF.SmallText | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		source: DF.Literal[
			"Transaction", "Nightly Job", "Manual", "Admission", "Exit", "Blacklist", "Contract"
		]
		to_value: DF.Data | None

	# end: auto-generated types
	def validate(self):
		self.refuse_edits()

	def on_trash(self):
		frappe.throw(_("Lifecycle Log is append-only: rows cannot be deleted."), AppendOnlyError)

	def refuse_edits(self):
		if not self.is_new():
			frappe.throw(_("Lifecycle Log is append-only: rows cannot be changed."), AppendOnlyError)


def on_doctype_update():
	frappe.db.add_index("Lifecycle Log", ["customer", "changed_at"])
