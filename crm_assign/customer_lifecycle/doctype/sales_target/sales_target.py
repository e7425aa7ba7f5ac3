# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe.model.document import Document
from frappe.utils import get_first_day


class SalesTarget(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link
		account_manager_name: DF.Data | None
		month: DF.Date
		target_amount: DF.Currency

	# end: auto-generated types
	def before_insert(self):
		self.normalise_month()

	def validate(self):
		self.normalise_month()

	def normalise_month(self):
		if self.month:
			self.month = get_first_day(self.month)


def on_doctype_update():
	frappe.db.add_index("Sales Target", ["account_manager", "month"])
