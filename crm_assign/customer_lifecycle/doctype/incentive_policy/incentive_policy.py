# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe.model.document import Document

from crm_assign.core.incentives import DEFAULT_TIERS
from crm_assign.services.lifecycle.incentives import policy_from_doc


class IncentivePolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_lifecycle.doctype.incentive_tier.incentive_tier import IncentiveTier

		fabrication_multiplier: DF.Float
		is_default: DF.Check
		new_customer_min_first_month: DF.Currency
		per_extra_customer: DF.Currency
		per_missing_customer: DF.Currency
		policy_name: DF.Data
		returns_deduct: DF.Check
		tiers: DF.Table[IncentiveTier]

	# end: auto-generated types
	def validate(self):
		self.set_default_tiers()
		self.validate_rules()

	def on_update(self):
		self.keep_one_default()

	def set_default_tiers(self):
		if self.is_new() and not self.tiers:
			for tier in DEFAULT_TIERS:
				self.append(
					"tiers",
					{
						"purchase_month": str(tier.purchase_month),
						"min_amount": tier.min_amount,
						"bonus": tier.bonus,
					},
				)

	def validate_rules(self):
		policy_from_doc(self)

	def keep_one_default(self):
		if self.is_default:
			policy = frappe.qb.DocType("Incentive Policy")
			frappe.qb.update(policy).set(policy.is_default, 0).where(policy.name != self.name).run()
