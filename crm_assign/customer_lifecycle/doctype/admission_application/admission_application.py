# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document


class AdmissionApplication(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_lifecycle.doctype.admission_criterion.admission_criterion import (
			AdmissionCriterion,
		)

		account_manager: DF.Link | None
		amended_from: DF.Link | None
		approved_by: DF.Link | None
		company_profile: DF.SmallText | None
		criteria: DF.Table[AdmissionCriterion]
		customer: DF.Link
		customer_name: DF.Data | None
		departments_involved: DF.Data | None
		expected_annual_amount: DF.Currency
		expected_products: DF.SmallText | None
		financial_statements: DF.Attach | None
		naming_series: DF.Literal["ADM-.YYYY.-"]
		onsite_findings: DF.SmallText | None
		products: DF.SmallText | None
		reasons: DF.SmallText | None
		status: DF.Literal[
			"Draft",
			"General Investigation",
			"On-site Investigation",
			"Pending Approval",
			"Approved",
			"Rejected",
		]
		talk_with_person_in_charge: DF.SmallText | None
		total_score: DF.Int
		trading_policy: DF.SmallText | None

	# end: auto-generated types
	def validate(self):
		self.validate_criteria_scores()
		self.set_total_score()

	def validate_criteria_scores(self):
		for row in self.criteria:
			if (row.score or 0) > (row.max_score or 0):
				frappe.throw(
					_("Criterion {0}: score {1} is above its maximum {2}.").format(
						frappe.bold(_(row.criterion)), row.score, row.max_score
					)
				)

	def set_total_score(self):
		self.total_score = sum(row.score or 0 for row in self.criteria)
