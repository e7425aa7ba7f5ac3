# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_first_day, getdate, nowdate

from crm_assign.exceptions import LockedPeriodError


class NewCustomerCredit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link
		account_manager_name: DF.Data | None
		credited_on: DF.Date | None
		customer: DF.Link
		customer_name: DF.Data | None
		dormant_days: DF.Int
		fabricated_on: DF.Date | None
		fabrication_note: DF.SmallText | None
		first_month: DF.Date
		is_fabricated: DF.Check
		naming_series: DF.Literal["NCC-.YYYY.-"]
		source: DF.Literal["First Sale", "Reactivation"]
		transaction: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.normalise_first_month()
		self.set_fabricated_on()
		self.validate_fabrication_month_open()

	def normalise_first_month(self):
		if self.first_month:
			self.first_month = get_first_day(self.first_month)

	def set_fabricated_on(self):
		if self.is_fabricated and not self.fabricated_on:
			self.fabricated_on = nowdate()
		elif not self.is_fabricated:
			self.fabricated_on = None

	def validate_fabrication_month_open(self):
		"""The fabrication charge is booked in the month it is found (or cleared): that month must be open."""
		if not self.has_value_changed("is_fabricated") or self.is_new():
			return
		before = self.get_doc_before_save()
		day = self.fabricated_on or (before.fabricated_on if before else None) or nowdate()
		statement = frappe.db.get_value(
			"Development Incentive",
			{"account_manager": self.account_manager, "month": get_first_day(getdate(day)), "docstatus": 1},
		)
		if statement:
			frappe.throw(
				_(
					"Development Incentive {0} of that month is approved; the fabrication flag can't change."
				).format(frappe.bold(statement)),
				LockedPeriodError,
			)


def on_doctype_update():
	frappe.db.add_index("New Customer Credit", ["account_manager", "first_month"])
	frappe.db.add_index("New Customer Credit", ["customer", "first_month"])
