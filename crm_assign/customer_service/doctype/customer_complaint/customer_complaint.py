# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime

from crm_assign.exceptions import ComplaintClosingError


class CustomerComplaint(Document):
	def validate(self):
		self.set_responsible_person()
		self.validate_timestamps()
		self.validate_closing()

	def set_responsible_person(self):
		if self.responsible_person or not self.account_manager:
			return
		self.responsible_person = frappe.db.get_value("Account Manager", self.account_manager, "user")

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


def on_doctype_update():
	frappe.db.add_index("Customer Complaint", ["account_manager", "status"])
