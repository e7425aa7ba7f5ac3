# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from crm_assign.exceptions import ComplaintClosingError
from crm_assign.services.service_desk import complaint_sla, survey


class CustomerComplaint(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_service.doctype.complaint_escalation.complaint_escalation import (
			ComplaintEscalation,
		)
		from crm_assign.customer_service.doctype.complaint_status_log.complaint_status_log import (
			ComplaintStatusLog,
		)

		account_manager: DF.Link | None
		category: DF.Literal["Product", "Service", "Delivery", "Billing", "Staff Conduct", "Other"]
		channel: DF.Literal["Phone", "Email", "Online", "Visit", "Letter", "Other"]
		customer: DF.Link
		customer_grade: DF.Data | None
		customer_name: DF.Data | None
		customer_reply: DF.SmallText | None
		description: DF.TextEditor
		earlier_breaches: DF.Int
		escalation_level: DF.Int
		escalations: DF.Table[ComplaintEscalation]
		first_responded_on: DF.Datetime | None
		naming_series: DF.Literal["CMP-.YYYY.-"]
		no_satisfaction_reason: DF.Data | None
		opened_on: DF.Datetime
		resolution: DF.SmallText | None
		resolution_by: DF.Datetime | None
		resolved_on: DF.Datetime | None
		response_by: DF.Datetime | None
		responsible_person: DF.Link | None
		root_cause: DF.SmallText | None
		satisfaction: DF.Rating
		service_level_policy: DF.Link | None
		severity: DF.Literal["Low", "Medium", "High", "Critical"]
		sla_paused: DF.Check
		sla_started_on: DF.Datetime | None
		sla_status: DF.Literal["", "On Track", "At Risk", "Breached", "Met"]
		status: DF.Literal[
			"New", "Acknowledged", "In Progress", "Waiting on Customer", "Resolved", "Closed", "Reopened"
		]
		status_log: DF.Table[ComplaintStatusLog]
		subject: DF.Data
		survey_comment: DF.SmallText | None
		survey_link: DF.SmallText | None
		survey_submitted_on: DF.Datetime | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.set_responsible_person()
		self.validate_timestamps()
		self.track_status_change()
		self.validate_closing()
		self.update_sla()

	def on_update(self):
		complaint_sla.notify(self.flags.escalations or ())
		if self.status == "Resolved" and self.has_value_changed("status") and not self.survey_link:
			survey.send_survey(self)

	def set_responsible_person(self):
		if self.responsible_person or not self.account_manager:
			return
		owner, team = frappe.db.get_value("Account Manager", self.account_manager, ["user", "service_team"])
		leader = frappe.db.get_value("Service Team", team, "team_leader") if team else None
		# a complaint about the owner's conduct goes to the owner's team leader
		self.responsible_person = leader if self.category == "Staff Conduct" and leader else owner

	def validate_timestamps(self):
		opened = get_datetime(self.opened_on)
		for fieldname in ("first_responded_on", "resolved_on"):
			value = self.get(fieldname)
			if value and get_datetime(value) < opened:
				frappe.throw(
					_("{0} cannot be before Opened On.").format(
						frappe.bold(_(self.meta.get_label(fieldname)))
					)
				)

	def track_status_change(self):
		"""Log each status with its time; stamp first response and resolution; a reopening restarts the clock."""
		if not self.sla_started_on:
			self.sla_started_on = self.opened_on
		if self.is_new():
			if not self.status_log:
				self.append("status_log", {"status": self.status, "changed_on": self.opened_on})
			return
		if not self.has_value_changed("status"):
			return
		now = now_datetime()
		self.append(
			"status_log", {"status": self.status, "changed_on": now, "changed_by": frappe.session.user}
		)
		if self.status != "New" and not self.first_responded_on:
			self.first_responded_on = now
		if self.status in complaint_sla.CLOSED_STATUSES and not self.resolved_on:
			self.resolved_on = now
		if self.status == "Reopened":
			previous = complaint_sla.evaluate_document(self.get_doc_before_save(), now)
			self.earlier_breaches = (self.earlier_breaches or 0) + previous.breaches
			self.sla_started_on = now
			self.resolved_on = None

	def validate_closing(self):
		if self.status != "Closed":
			return
		if not (self.resolution or "").strip():
			frappe.throw(_("A complaint can only be closed with a resolution."), ComplaintClosingError)
		if not self.satisfaction and not (self.no_satisfaction_reason or "").strip():
			frappe.throw(
				_("Record the customer's satisfaction, or why there is none, before closing."),
				ComplaintClosingError,
			)

	def update_sla(self):
		now = now_datetime()
		outcome = complaint_sla.evaluate_document(self, now)
		self.sla_status = outcome.sla_status
		self.response_by = outcome.response_by
		self.resolution_by = outcome.resolution_by
		self.sla_paused = outcome.paused
		if self.status in complaint_sla.CLOSED_STATUSES or outcome.level <= (self.escalation_level or 0):
			return
		complaint = self.as_dict()
		recipients = complaint_sla.recipients_by_level([complaint])[self.name]
		escalations = complaint_sla.escalations_for(
			complaint, self.escalation_level or 0, outcome, recipients
		)
		for escalation in escalations:
			self.append("escalations", complaint_sla.escalation_row(escalation, now))
		self.escalation_level = outcome.level
		self.flags.escalations = escalations


def on_doctype_update():
	frappe.db.add_index("Customer Complaint", ["account_manager", "status"])
	frappe.db.add_index("Customer Complaint", ["status", "sla_status"])
