# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.core.completeness import completeness_percent
from crm_assign.exceptions import DuplicateRowError, InactiveManagerError
from crm_assign.services.ownership import record_hand_edit


class ManagedCustomer(Document):
	def validate(self):
		self.validate_required_skills()
		self.validate_owner_can_receive_customers()
		self.set_service_team_from_owner()
		self.set_data_completeness()

	def on_update(self):
		if self.has_value_changed("account_manager"):
			record_hand_edit(self)

	def validate_required_skills(self):
		skills = [row.skill for row in self.required_skills]
		duplicates = {s for s in skills if skills.count(s) > 1}
		if duplicates:
			frappe.throw(
				_("Skill {0} is required twice.").format(frappe.bold(sorted(duplicates)[0])),
				DuplicateRowError,
			)

	def validate_owner_can_receive_customers(self):
		if not self.account_manager or not self.has_value_changed("account_manager"):
			return
		status = frappe.db.get_value("Account Manager", self.account_manager, "status")
		if status == "Inactive":
			frappe.throw(
				_("Account Manager {0} is inactive and cannot own customers.").format(
					frappe.bold(self.account_manager)
				),
				InactiveManagerError,
			)

	def set_service_team_from_owner(self):
		if self.account_manager and self.has_value_changed("account_manager"):
			team = frappe.db.get_value("Account Manager", self.account_manager, "service_team")
			if team:
				self.service_team = team

	def set_data_completeness(self):
		values = self.as_dict()
		values["required_skills"] = self.required_skills
		self.data_completeness = completeness_percent(values)


def on_doctype_update():
	frappe.db.add_index("Managed Customer", ["account_manager", "status"])
	frappe.db.add_index("Managed Customer", ["service_team", "status"])
