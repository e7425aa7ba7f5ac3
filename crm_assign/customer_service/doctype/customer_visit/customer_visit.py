# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from crm_assign.exceptions import VisitTimeError


class CustomerVisit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_service.doctype.visit_follow_up.visit_follow_up import VisitFollowUp

		account_manager: DF.Link | None
		completed_on: DF.Datetime | None
		customer: DF.Link
		customer_name: DF.Data | None
		departments_involved: DF.Data | None
		follow_ups: DF.Table[VisitFollowUp]
		meeting_room: DF.Link | None
		naming_series: DF.Literal["VIS-.YYYY.-"]
		outcome: DF.SmallText | None
		planned_end: DF.Datetime | None
		planned_start: DF.Datetime
		purpose: DF.SmallText | None
		questions_raised: DF.SmallText | None
		receptionist: DF.Link | None
		return_visit_due: DF.Date | None
		satisfaction: DF.Rating
		source_visit: DF.Link | None
		status: DF.Literal["Scheduled", "Checked In", "Completed", "Cancelled", "No Show"]
		visit_type: DF.Literal[
			"Appointment/Reception", "Outbound Visit", "Phone Call", "Return Visit", "Online"
		]

	# end: auto-generated types
	def validate(self):
		self.validate_end_after_start()
		self.validate_satisfaction()
		self.set_completed_on()

	def validate_end_after_start(self):
		if self.planned_end and get_datetime(self.planned_end) <= get_datetime(self.planned_start):
			frappe.throw(_("Planned End must be after Planned Start."), VisitTimeError)

	def validate_satisfaction(self):
		if self.satisfaction and not 0 <= self.satisfaction <= 1:
			frappe.throw(_("Satisfaction must be between 1 and 5 stars."))

	def set_completed_on(self):
		if self.status == "Completed" and not self.completed_on:
			self.completed_on = now_datetime()


def on_doctype_update():
	frappe.db.add_index("Customer Visit", ["customer", "planned_start"])
	frappe.db.add_index("Customer Visit", ["account_manager", "planned_start"])
