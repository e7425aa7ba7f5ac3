# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import TransactionAmountError


class CustomerTransaction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link | None
		amended_from: DF.Link | None
		amount: DF.Currency
		customer: DF.Link
		customer_name: DF.Data | None
		naming_series: DF.Literal["TXN-.YYYY.-"]
		reference: DF.Data | None
		return_against: DF.Link | None
		transaction_date: DF.Date
		transaction_type: DF.Literal["Sale", "Return"]

	# end: auto-generated types
	def validate(self):
		self.validate_amount()
		self.validate_return()

	def validate_amount(self):
		if (self.amount or 0) <= 0:
			frappe.throw(_("Amount must be greater than zero."), TransactionAmountError)

	def validate_return(self):
		if self.transaction_type != "Return" or not self.return_against:
			return
		original = frappe.db.get_value(
			"Customer Transaction",
			self.return_against,
			["customer", "transaction_type", "amount"],
			as_dict=True,
		)
		if original.transaction_type != "Sale" or original.customer != self.customer:
			frappe.throw(_("A return must be against a sale of the same customer."), TransactionAmountError)
		if self.amount > original.amount:
			frappe.throw(
				_("Return amount {0} is larger than the sale {1}.").format(
					frappe.bold(self.get_formatted("amount")), frappe.bold(self.return_against)
				),
				TransactionAmountError,
			)


def on_doctype_update():
	frappe.db.add_index("Customer Transaction", ["customer", "transaction_date"])
	frappe.db.add_index("Customer Transaction", ["account_manager", "transaction_date"])
