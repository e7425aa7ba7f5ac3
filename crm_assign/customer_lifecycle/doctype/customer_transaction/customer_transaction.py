# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Sum
from frappe.utils import getdate, nowdate

from crm_assign.exceptions import LockedPeriodError, TransactionAmountError
from crm_assign.services.lifecycle.stages import (
	locked_statement_for,
	on_transaction_cancel,
	on_transaction_submit,
)


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
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		return_against: DF.Link | None
		transaction_date: DF.Date
		transaction_type: DF.Literal["Sale", "Return"]

	# end: auto-generated types
	def validate(self):
		self.validate_amount()
		self.validate_date()
		self.validate_month_not_locked()
		self.validate_return()
		self.validate_reference()

	def on_submit(self):
		on_transaction_submit(self)

	def before_cancel(self):
		self.validate_month_not_locked()

	def on_cancel(self):
		on_transaction_cancel(self)

	def validate_date(self):
		if self.transaction_date and getdate(self.transaction_date) > getdate(nowdate()):
			frappe.throw(
				_("Transaction date {0} is in the future.").format(frappe.bold(self.transaction_date)),
				TransactionAmountError,
			)

	def validate_month_not_locked(self):
		statement = locked_statement_for(self.transaction_date)
		if statement:
			frappe.throw(
				_("The month of {0} is locked: Development Incentive {1} has been approved.").format(
					frappe.bold(self.transaction_date), frappe.bold(statement)
				),
				LockedPeriodError,
			)

	def validate_reference(self):
		if not self.reference_doctype:
			return
		if self.reference_doctype != "Sales Invoice" or not frappe.db.exists("DocType", "Sales Invoice"):
			frappe.throw(
				_("A transaction can refer to a {0} only, and only when ERPNext is installed.").format(
					frappe.bold(_("Sales Invoice"))
				)
			)

	def validate_amount(self):
		if (self.amount or 0) <= 0:
			frappe.throw(_("Amount must be greater than zero."), TransactionAmountError)

	def validate_return(self):
		if self.transaction_type != "Return" or not self.return_against:
			return
		original = frappe.db.get_value(
			"Customer Transaction",
			self.return_against,
			["customer", "transaction_type", "amount", "docstatus"],
			as_dict=True,
		)
		if (
			original.transaction_type != "Sale"
			or original.customer != self.customer
			or original.docstatus != 1
		):
			frappe.throw(
				_("A return must be against a submitted sale of the same customer."), TransactionAmountError
			)
		if self.amount > original.amount:
			frappe.throw(
				_("Return amount {0} is larger than the sale {1}.").format(
					frappe.bold(self.get_formatted("amount")), frappe.bold(self.return_against)
				),
				TransactionAmountError,
			)
		returned = self.returned_before()
		if returned + self.amount > original.amount:
			frappe.throw(
				_("Returns against {0} would total {1}, more than the sale {2}.").format(
					frappe.bold(self.return_against),
					frappe.bold(frappe.format_value(returned + self.amount, "Currency")),
					frappe.bold(frappe.format_value(original.amount, "Currency")),
				),
				TransactionAmountError,
			)

	def returned_before(self) -> float:
		txn = frappe.qb.DocType("Customer Transaction")
		total = (
			frappe.qb.from_(txn)
			.select(Sum(txn.amount))
			.where(txn.return_against == self.return_against)
			.where(txn.docstatus == 1)
			.where(txn.name != (self.name or ""))
			.run()
		)[0][0]
		return total or 0


def on_doctype_update():
	frappe.db.add_index("Customer Transaction", ["customer", "transaction_date"])
	frappe.db.add_index("Customer Transaction", ["account_manager", "transaction_date"])
	# reports at a million rows, each read from an index alone (no table rows): net sales per manager
	# (Scorecard); each customer's sales before/in the period (Scorecard retention) and a credited
	# customer's purchases per month (New Customer Development, Development Incentive)
	frappe.db.add_index(
		"Customer Transaction",
		["account_manager", "transaction_date", "docstatus", "transaction_type", "amount"],
		index_name="account_manager_date_sales_index",
	)
	frappe.db.add_index(
		"Customer Transaction",
		["customer", "transaction_date", "docstatus", "transaction_type", "amount"],
		index_name="customer_date_sales_index",
	)
