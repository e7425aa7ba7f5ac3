# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe.model.document import Document

from crm_assign.services.lifecycle.grading import rule_from_doc


class CustomerGradingRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		a_min_purchases: DF.Int
		a_min_revenue: DF.Currency
		admitted_is_a: DF.Check
		b_min_purchases: DF.Int
		b_min_revenue: DF.Currency
		bad_payment_max_grade: DF.Literal["A", "B", "C"]
		is_active: DF.Check
		late_payment_max_grade: DF.Literal["A", "B", "C"]
		notify_owners: DF.Check
		rule_name: DF.Data
		strategic_is_a: DF.Check

	# end: auto-generated types
	def validate(self):
		self.validate_thresholds()

	def on_update(self):
		self.keep_one_active()

	def validate_thresholds(self):
		rule_from_doc(self)

	def keep_one_active(self):
		if self.is_active:
			rule = frappe.qb.DocType("Customer Grading Rule")
			frappe.qb.update(rule).set(rule.is_active, 0).where(rule.name != self.name).run()
