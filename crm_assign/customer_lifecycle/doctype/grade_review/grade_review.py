# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import AppendOnlyError


class GradeReview(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		grading_rule: DF.Link | None
		is_strategic: DF.Check
		name: DF.Int | None
		needs_senior_owner: DF.Check
		new_grade: DF.Data | None
		old_grade: DF.Data | None
		payment_behaviour: DF.Data | None
		purchases_12m: DF.Int
		reason: DF.SmallText | None
		revenue_12m: DF.Currency
		reviewed_at: DF.Datetime | None
		reviewed_by: DF.Link | None
		source: DF.Literal["Nightly Job", "Quarterly Review", "Admission", "Manual"]

	# end: auto-generated types
	def validate(self):
		self.refuse_edits()

	def on_trash(self):
		frappe.throw(_("Grade Review is append-only: rows cannot be deleted."), AppendOnlyError)

	def refuse_edits(self):
		if not self.is_new():
			frappe.throw(_("Grade Review is append-only: rows cannot be changed."), AppendOnlyError)


def on_doctype_update():
	frappe.db.add_index("Grade Review", ["customer", "reviewed_at"])
