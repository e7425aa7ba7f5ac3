# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from datetime import timedelta

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from crm_assign.exceptions import CustomerStatusError, VisitConflictError, VisitTimeError
from crm_assign.services.service_desk import visits


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
		is_overdue: DF.Check
		last_reminded_on: DF.Date | None
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
		survey_comment: DF.SmallText | None
		survey_link: DF.SmallText | None
		survey_submitted_on: DF.Datetime | None
		visit_type: DF.Literal[
			"Appointment/Reception", "Outbound Visit", "Phone Call", "Return Visit", "Online"
		]
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.set_default_end()
		self.validate_end_after_start()
		self.validate_customer_status()
		self.validate_room()
		self.validate_no_double_booking()
		self.check_working_hours()
		self.validate_satisfaction()
		self.set_completed_on()

	def on_update(self):
		if self.status == "Completed" and self.has_value_changed("status"):
			visits.on_visit_completed(self)

	def set_default_end(self):
		if self.planned_start and not self.planned_end:
			self.planned_end = get_datetime(self.planned_start) + timedelta(hours=1)

	def validate_end_after_start(self):
		if get_datetime(self.planned_end) <= get_datetime(self.planned_start):
			frappe.throw(_("Planned End must be after Planned Start."), VisitTimeError)

	def booking_changed(self) -> bool:
		return self.is_new() or any(
			self.has_value_changed(f)
			for f in ("planned_start", "planned_end", "meeting_room", "account_manager", "status")
		)

	def validate_customer_status(self):
		if not (self.is_new() or self.has_value_changed("customer")):
			return
		status = frappe.db.get_value("Managed Customer", self.customer, "status")
		if status not in ("Exited", "Blacklisted"):
			return
		message = _("Customer {0} is {1}.").format(
			frappe.bold(self.customer_name or self.customer), _(status)
		)
		if frappe.get_cached_doc("CRM Assign Settings").inactive_customer_visits == "Refuse":
			frappe.throw(message, CustomerStatusError)
		frappe.msgprint(message, indicator="orange", alert=True)

	def validate_room(self):
		if self.meeting_room and self.has_value_changed("meeting_room"):
			if frappe.db.get_value("Meeting Room", self.meeting_room, "disabled"):
				frappe.throw(
					_("Meeting room {0} is disabled.").format(frappe.bold(self.meeting_room)),
					VisitConflictError,
				)

	def validate_no_double_booking(self):
		if not self.booking_changed():
			return
		fields = ["meeting_room"] if self.flags.skip_host_conflict else ["meeting_room", "account_manager"]
		for fieldname in fields:
			if other := visits.find_conflict(self, fieldname):
				frappe.throw(
					visits.conflict_message(fieldname, self.get(fieldname), other),
					VisitConflictError,
					title=_("Double Booking"),
				)

	def check_working_hours(self):
		if not self.booking_changed() or self.status not in visits.ACTIVE_STATUSES:
			return
		settings = frappe.get_cached_doc("CRM Assign Settings")
		if not (settings.refuse_outside_working_hours or settings.warn_outside_working_hours):
			return
		if not visits.is_outside_working_hours(self.planned_start, self.planned_end):
			return
		message = _("The visit is planned outside working hours.")
		if settings.refuse_outside_working_hours:
			frappe.throw(message, VisitTimeError)
		frappe.msgprint(message, indicator="orange", alert=True)

	def validate_satisfaction(self):
		if self.satisfaction and not 0 <= self.satisfaction <= 1:
			frappe.throw(_("Satisfaction must be between 1 and 5 stars."))

	def set_completed_on(self):
		if self.status == "Completed" and not self.completed_on:
			self.completed_on = now_datetime()


def on_doctype_update():
	frappe.db.add_index("Customer Visit", ["customer", "planned_start"])
	frappe.db.add_index("Customer Visit", ["account_manager", "planned_start"])
	frappe.db.add_index("Customer Visit", ["meeting_room", "planned_start"])
	frappe.db.add_index("Customer Visit", ["customer", "status", "completed_on"])
	frappe.db.add_index("Customer Visit", ["visit_type", "status", "return_visit_due"])
	# Account Manager Scorecard: satisfaction per manager from the index alone, grouped in index order
	frappe.db.add_index("Customer Visit", ["account_manager", "completed_on", "satisfaction"])
