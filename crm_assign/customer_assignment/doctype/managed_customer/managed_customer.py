# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from crm_assign.core.completeness import completeness_percent
from crm_assign.exceptions import DuplicateRowError, InactiveManagerError
from crm_assign.services.allocation.auto_assign import auto_assign
from crm_assign.services.allocation.ownership import record_hand_edit
from crm_assign.services.data_protection.id_numbers import set_id_number_hash

VERIFIED_CONTACT_FIELDS = ("mobile_no", "phone", "email_id")


class ManagedCustomer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_assignment.doctype.managed_customer_skill.managed_customer_skill import (
			ManagedCustomerSkill,
		)

		account_manager: DF.Link | None
		account_manager_name: DF.Data | None
		address: DF.SmallText | None
		assigned_on: DF.Date | None
		contact_person: DF.Data | None
		contact_verified: DF.Check
		contact_verified_on: DF.Date | None
		contract_signed_on: DF.Date | None
		customer_code: DF.Data | None
		customer_name: DF.Data
		customer_type: DF.Literal["Company", "Individual"]
		data_completeness: DF.Percent
		email_id: DF.Data | None
		expected_annual_value: DF.Currency
		first_deal_date: DF.Date | None
		grade: DF.Literal["A", "B", "C"]
		id_number: DF.Password | None
		id_number_hash: DF.Data | None
		industry: DF.Data | None
		is_strategic: DF.Check
		last_activity_date: DF.Date | None
		lifecycle_stage: DF.Literal["Potential", "Intent", "Deal", "Partner"]
		mobile_no: DF.Data | None
		naming_series: DF.Literal["CUST-.YYYY.-"]
		notes: DF.SmallText | None
		payment_behaviour: DF.Literal["Good", "Late", "Bad"]
		phone: DF.Data | None
		pin_owner: DF.Check
		required_skills: DF.TableMultiSelect[ManagedCustomerSkill]
		service_region: DF.Link | None
		service_team: DF.Link | None
		source_channel: DF.Literal[
			"", "Direct", "Referral", "Exhibition", "Online", "Telemarketing", "Partner", "Other"
		]
		status: DF.Literal["Active", "Dormant", "Exited", "Blacklisted"]
		total_sales_12m: DF.Currency

	# end: auto-generated types
	def validate(self):
		set_id_number_hash(self)  # before the blacklist/duplicate hook, which matches on the hash
		self.validate_required_skills()
		self.validate_owner_can_receive_customers()
		self.set_service_team_from_owner()
		self.set_contact_verification()
		self.set_data_completeness()

	def before_insert(self):
		auto_assign(self)

	def on_update(self):
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

	def set_contact_verification(self):
		"""Stamp the day the contact was verified; a new mobile number, phone or e-mail needs verifying again."""
		contact_changed = any(self.has_value_changed(field) for field in VERIFIED_CONTACT_FIELDS)
		if contact_changed and not self.is_new() and not self.has_value_changed("contact_verified"):
			self.contact_verified = 0
		if not self.contact_verified:
			self.contact_verified_on = None
		elif not self.contact_verified_on or self.has_value_changed("contact_verified"):
			self.contact_verified_on = today()

	def set_data_completeness(self):
		values = self.as_dict()
		values["required_skills"] = self.required_skills
		self.data_completeness = completeness_percent(values)


def on_doctype_update():
	frappe.db.add_index("Managed Customer", ["account_manager", "status"])
	frappe.db.add_index("Managed Customer", ["service_team", "status"])
	# team leaders' list view: rows of their teams, newest first (crm_assign/permissions)
	frappe.db.add_index("Managed Customer", ["service_team", "modified"])
	# reports (Allocation and Workload): customers per owner, region and grade from the index alone
	frappe.db.add_index("Managed Customer", ["account_manager", "service_region", "grade", "status"])
	# duplicate detection looks customers up by mobile number
	frappe.db.add_index("Managed Customer", ["mobile_no"])
	# ... and by the keyed hash of their (encrypted) registration number
	frappe.db.add_index("Managed Customer", ["id_number_hash"])
