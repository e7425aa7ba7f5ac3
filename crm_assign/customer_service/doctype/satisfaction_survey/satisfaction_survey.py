# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document
from frappe.utils import now_datetime

from crm_assign.services.service_desk import survey


class SatisfactionSurvey(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		comment: DF.SmallText | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		naming_series: DF.Literal["SUR-.YYYY.-"]
		rating: DF.Rating
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		submitted_on: DF.Datetime | None
		token: DF.Data | None

	# end: auto-generated types
	def validate(self):
		self.set_reference_from_token()
		self.validate_rating()

	def after_insert(self):
		survey.record_answer(self)

	def set_reference_from_token(self):
		"""The rated record comes only from the signed token, never from what the form posts."""
		if not self.is_new():
			return
		target = survey.survey_target(self.token)
		self.reference_doctype, self.reference_name, self.customer = (
			target.doctype,
			target.name,
			target.customer,
		)
		self.token = None
		self.submitted_on = now_datetime()

	def validate_rating(self):
		survey.validate_rating(self.rating)
