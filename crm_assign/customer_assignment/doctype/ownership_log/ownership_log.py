# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import AppendOnlyError


class OwnershipLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		allocation_plan: DF.Link | None
		change_type: DF.Literal["Plan", "Auto", "Manual", "Delegation", "Hand-back"]
		changed_at: DF.Datetime | None
		changed_by: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		from_manager: DF.Link | None
		name: DF.Int | None
		reason: DF.SmallText | None
		to_manager: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.refuse_edits()

	def on_trash(self):
		frappe.throw(_("Ownership Log is append-only: rows cannot be deleted."), AppendOnlyError)

	def refuse_edits(self):
		if not self.is_new():
			frappe.throw(_("Ownership Log is append-only: rows cannot be changed."), AppendOnlyError)


def on_doctype_update():
	frappe.db.add_index("Ownership Log", ["customer", "changed_at"])
	# Ownership History of the department: a period's latest changes read newest-first from the index;
	# the report names customer_changed_at_index and the search indexes of from/to_manager in USE INDEX
	frappe.db.add_index("Ownership Log", ["changed_at"])
