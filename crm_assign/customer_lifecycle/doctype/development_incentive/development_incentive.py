# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_first_day, getdate

from crm_assign.exceptions import IncentiveError
from crm_assign.services.lifecycle.incentives import (
	compute_for,
	default_policy,
	fill_statement,
	statement_name,
)


class DevelopmentIncentive(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_lifecycle.doctype.development_incentive_line.development_incentive_line import (
			DevelopmentIncentiveLine,
		)

		account_manager: DF.Link
		account_manager_name: DF.Data | None
		amended_from: DF.Link | None
		approved_by: DF.Link | None
		bonus_amount: DF.Currency
		computed_at: DF.Datetime | None
		extra_customers: DF.Int
		fabrication_penalty: DF.Currency
		incentive_policy: DF.Link | None
		lines: DF.Table[DevelopmentIncentiveLine]
		missing_customers: DF.Int
		month: DF.Date
		new_customers: DF.Int
		quota: DF.Int
		quota_amount: DF.Currency
		return_deduction: DF.Currency
		total_amount: DF.Currency

	# end: auto-generated types
	def autoname(self):
		self.name = statement_name(self.month, self.account_manager)

	def validate(self):
		self.normalise_month()
		self.set_policy()
		self.validate_one_statement_per_person_and_month()
		self.recompute()

	def before_submit(self):
		self.approved_by = frappe.session.user

	def normalise_month(self):
		if self.month:
			self.month = get_first_day(self.month)

	def set_policy(self):
		if not self.incentive_policy:
			self.incentive_policy = default_policy()

	def validate_one_statement_per_person_and_month(self):
		other = frappe.db.get_value(
			"Development Incentive",
			{
				"account_manager": self.account_manager,
				"month": self.month,
				"docstatus": ("<", 2),
				"name": ("!=", "" if self.is_new() else self.name),
			},
		)
		if other:
			frappe.throw(
				_("{0} already has the statement {1} for this month.").format(
					frappe.bold(self.account_manager), frappe.bold(other)
				),
				IncentiveError,
			)

	def recompute(self):
		"""A draft always shows the figures of the data as it is now; submitting freezes them."""
		fill_statement(self, compute_for(self.account_manager, getdate(self.month), self.incentive_policy))


def on_doctype_update():
	frappe.db.add_index("Development Incentive", ["month", "account_manager"])
