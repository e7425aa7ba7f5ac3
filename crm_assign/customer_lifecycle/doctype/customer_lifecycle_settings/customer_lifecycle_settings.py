# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from crm_assign.exceptions import SettingsError


class CustomerLifecycleSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		admission_gm_threshold: DF.Currency
		discount_standard_max: DF.Percent
		discount_team_leader_max: DF.Percent
		key_customer_code_series: DF.Data | None
		partner_after_months: DF.Int
		reactivation_new_after_days: DF.Int

	# end: auto-generated types
	def validate(self):
		self.validate_discount_tiers()

	def validate_discount_tiers(self):
		low, standard = flt(self.discount_team_leader_max), flt(self.discount_standard_max)
		if not 0 <= low <= standard <= 100:
			frappe.throw(
				_("Discount limits must run 0 ≤ {0} ≤ {1} ≤ 100.").format(
					frappe.bold(_(self.meta.get_label("discount_team_leader_max"))),
					frappe.bold(_(self.meta.get_label("discount_standard_max"))),
				),
				SettingsError,
			)
