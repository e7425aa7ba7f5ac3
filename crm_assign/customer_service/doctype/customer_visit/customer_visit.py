# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from crm_assign.exceptions import VisitTimeError


class CustomerVisit(Document):
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
