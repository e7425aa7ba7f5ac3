# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import AppendOnlyError


class OwnershipLog(Document):
	def validate(self):
		self.refuse_edits()

	def on_trash(self):
		frappe.throw(_("Ownership Log is append-only: rows cannot be deleted."), AppendOnlyError)

	def refuse_edits(self):
		if not self.is_new():
			frappe.throw(_("Ownership Log is append-only: rows cannot be changed."), AppendOnlyError)


def on_doctype_update():
	frappe.db.add_index("Ownership Log", ["customer", "changed_at"])
