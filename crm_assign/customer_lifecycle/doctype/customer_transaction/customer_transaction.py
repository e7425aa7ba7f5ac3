# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import TransactionAmountError


class CustomerTransaction(Document):
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
