# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from itertools import pairwise

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from crm_assign.exceptions import CapacityError, DuplicateRowError, LeavePeriodError
from crm_assign.services.allocation.auto_assign import clear_caches


class AccountManager(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_assignment.doctype.account_manager_leave.account_manager_leave import (
			AccountManagerLeave,
		)
		from crm_assign.customer_assignment.doctype.account_manager_region.account_manager_region import (
			AccountManagerRegion,
		)
		from crm_assign.customer_assignment.doctype.account_manager_skill.account_manager_skill import (
			AccountManagerSkill,
		)

		capacity: DF.Int
		current_load: DF.Int
		full_name: DF.Data | None
		leave_periods: DF.Table[AccountManagerLeave]
		level: DF.Literal["Junior", "Senior", "Expert"]
		performance_score: DF.Float
		regions: DF.Table[AccountManagerRegion]
		service_team: DF.Link | None
		skills: DF.Table[AccountManagerSkill]
		status: DF.Literal["Active", "On Leave", "Inactive"]
		user: DF.Link
		utilisation: DF.Percent

	# end: auto-generated types
	def validate(self):
		self.validate_user_is_enabled()
		self.validate_capacity()
		self.validate_performance_score()
		self.validate_skills()
		self.validate_regions()
		self.validate_leave_periods()

	def on_update(self):
		self.give_user_the_account_manager_role()
		self.draft_plan_when_leaving()
		self.move_customers_with_manager()
		clear_caches()

	def on_trash(self):
		clear_caches()

	def move_customers_with_manager(self):
		"""Customers follow their manager into a new team, so the team leader's access follows at once."""
		if not self.is_new() and self.has_value_changed("service_team"):
			from crm_assign.services.allocation.ownership import customers_follow_manager_team

			customers_follow_manager_team(self.name, self.service_team)

	def draft_plan_when_leaving(self):
		"""An Account Manager set to Inactive gets a draft plan for their customers (never applied unapproved)."""
		if self.status == "Inactive" and self.has_value_changed("status") and not self.is_new():
			from crm_assign.services.allocation.rebalance import draft_plan_for_leaving_manager

			draft_plan_for_leaving_manager(self.name)

	def validate_user_is_enabled(self):
		if self.status != "Inactive" and not frappe.db.get_value("User", self.user, "enabled"):
			frappe.throw(
				_("User {0} is disabled; set the Account Manager to Inactive or enable the user.").format(
					frappe.bold(self.user)
				)
			)

	def validate_capacity(self):
		if (self.capacity or 0) < 0:
			frappe.throw(_("Capacity cannot be negative."), CapacityError)

	def validate_performance_score(self):
		if not 0 <= (self.performance_score or 0) <= 100:
			frappe.throw(_("Performance Score must be between 0 and 100."))

	def validate_skills(self):
		seen = set()
		for row in self.skills:
			if row.skill in seen:
				frappe.throw(
					_("Row {0}: skill {1} is listed twice.").format(row.idx, frappe.bold(row.skill)),
					DuplicateRowError,
				)
			seen.add(row.skill)
			if not 1 <= (row.proficiency or 0) <= 5:
				frappe.throw(_("Row {0}: proficiency must be between 1 and 5.").format(row.idx))

	def validate_regions(self):
		regions = [row.service_region for row in self.regions]
		duplicates = {r for r in regions if regions.count(r) > 1}
		if duplicates:
			frappe.throw(
				_("Region {0} is listed twice.").format(frappe.bold(sorted(duplicates)[0])), DuplicateRowError
			)

	def validate_leave_periods(self):
		periods = sorted(self.leave_periods, key=lambda row: getdate(row.from_date))
		for row in periods:
			if getdate(row.to_date) < getdate(row.from_date):
				frappe.throw(
					_("Leave row {0}: To Date is before From Date.").format(row.idx), LeavePeriodError
				)
			if row.deputy == self.name:
				frappe.throw(
					_("Leave row {0}: an account manager cannot be their own deputy.").format(row.idx),
					LeavePeriodError,
				)
		for earlier, later in pairwise(periods):
			if getdate(later.from_date) <= getdate(earlier.to_date):
				frappe.throw(
					_("Leave rows {0} and {1} overlap.").format(earlier.idx, later.idx), LeavePeriodError
				)

	def give_user_the_account_manager_role(self):
		if "Account Manager" not in frappe.get_roles(self.user):
			user = frappe.get_doc("User", self.user)
			user.flags.ignore_permissions = True
			user.add_roles("Account Manager")
