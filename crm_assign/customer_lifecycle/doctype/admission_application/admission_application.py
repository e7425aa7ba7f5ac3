# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from crm_assign.exceptions import AdmissionError
from crm_assign.services.lifecycle.admission import admit_customer
from crm_assign.services.lifecycle.stages import lifecycle_settings

# What must be filled in before an application may move to each status (cumulative).
REQUIRED_FOR = {
	"On-site Investigation": ("company_profile", "products", "talk_with_person_in_charge"),
	"Pending Approval": (
		"onsite_findings",
		"departments_involved",
		"reasons",
		"trading_policy",
		"expected_products",
		"expected_annual_amount",
	),
}
ORDER = ("Draft", "General Investigation", "On-site Investigation", "Pending Approval")
CRITERIA = ("Financial Strength", "Credit", "Cooperation", "Confidentiality", "Cost Level")


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
		customer_code: DF.Data | None
		customer_name: DF.Data | None
		departments_involved: DF.Data | None
		expected_annual_amount: DF.Currency
		expected_products: DF.SmallText | None
		financial_statements: DF.Attach | None
		naming_series: DF.Literal["ADM-.YYYY.-"]
		needs_general_manager: DF.Check
		onsite_findings: DF.SmallText | None
		products: DF.SmallText | None
		reasons: DF.SmallText | None
		status: DF.Literal[
			"Draft",
			"General Investigation",
			"On-site Investigation",
			"Pending Approval",
			"Pending General Manager Approval",
			"Approved",
			"Rejected",
		]
		talk_with_person_in_charge: DF.SmallText | None
		total_score: DF.Int
		trading_policy: DF.SmallText | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.validate_criteria_scores()
		self.set_total_score()
		self.set_needs_general_manager()
		self.validate_stage_requirements()

	def before_submit(self):
		self.validate_decision()

	def on_submit(self):
		if self.status == "Approved":
			admit_customer(self)

	def set_needs_general_manager(self):
		threshold = flt(lifecycle_settings().admission_gm_threshold)
		self.needs_general_manager = int(flt(self.expected_annual_amount) > threshold)

	def validate_stage_requirements(self):
		reached = ORDER.index(self.status) if self.status in ORDER else len(ORDER)
		for status, fieldnames in REQUIRED_FOR.items():
			if reached < ORDER.index(status):
				continue
			missing = [_(self.meta.get_label(f)) for f in fieldnames if not self.get(f)]
			if missing:
				frappe.throw(
					_("Before {0}, fill in: {1}.").format(frappe.bold(_(status)), ", ".join(missing)),
					AdmissionError,
				)
		if reached >= ORDER.index("Pending Approval"):
			self.validate_all_criteria_scored()

	def validate_all_criteria_scored(self):
		scored = {row.criterion for row in self.criteria}
		missing = [_(c) for c in CRITERIA if c not in scored]
		if missing:
			frappe.throw(
				_("Score every admission criterion before applying; missing: {0}.").format(
					", ".join(missing)
				),
				AdmissionError,
			)

	def validate_decision(self):
		if self.status not in ("Approved", "Rejected"):
			frappe.throw(
				_("An application is submitted only when it is approved or rejected."), AdmissionError
			)
		if self.status == "Approved":
			roles = set(frappe.get_roles())
			needed = "General Manager" if self.needs_general_manager else "Customer Manager"
			if "System Manager" not in roles and needed not in roles:
				frappe.throw(
					_("Admissions above the threshold need the approval of a {0}.").format(
						frappe.bold(_(needed))
					),
					frappe.PermissionError,
				)
			self.approved_by = frappe.session.user

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
