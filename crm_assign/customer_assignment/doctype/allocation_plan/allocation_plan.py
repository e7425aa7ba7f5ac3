# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import DuplicateRowError, InactiveManagerError


class AllocationPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_assignment.doctype.allocation_plan_item.allocation_plan_item import (
			AllocationPlanItem,
		)

		amended_from: DF.Link | None
		applied_on: DF.Datetime | None
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		gini_after: DF.Float
		gini_before: DF.Float
		items: DF.Table[AllocationPlanItem]
		moves: DF.Int
		naming_series: DF.Literal["ALLOC-.YYYY.-"]
		notes: DF.SmallText | None
		objective: DF.Float
		scope: DF.Literal["All", "Service Team", "Service Region", "Unassigned", "Account Manager Leaving"]
		scope_account_manager: DF.Link | None
		scope_service_region: DF.Link | None
		scope_service_team: DF.Link | None
		source: DF.Literal["Manual", "Engine", "Scheduled Rebalance", "Leave"]
		status: DF.Literal["Draft", "Pending Approval", "Approved", "Rejected", "Applied", "Cancelled"]
		title: DF.Data
		total_items: DF.Int
		unassigned_count: DF.Int

	# end: auto-generated types
	def validate(self):
		self.validate_scope()
		self.validate_unique_customers()
		self.validate_proposed_owners_are_active()
		self.set_summary()

	def validate_scope(self):
		required = {
			"Service Team": "scope_service_team",
			"Service Region": "scope_service_region",
			"Account Manager Leaving": "scope_account_manager",
		}.get(self.scope)
		if required and not self.get(required):
			frappe.throw(
				_("Scope {0} needs {1}.").format(
					frappe.bold(_(self.scope)), frappe.bold(_(self.meta.get_label(required)))
				)
			)

	def validate_unique_customers(self):
		seen = {}
		for item in self.items:
			if item.customer in seen:
				frappe.throw(
					_("Rows {0} and {1} are for the same customer {2}.").format(
						seen[item.customer], item.idx, frappe.bold(item.customer)
					),
					DuplicateRowError,
				)
			seen[item.customer] = item.idx

	def validate_proposed_owners_are_active(self):
		owners = {item.proposed_owner for item in self.items if item.proposed_owner}
		if not owners:
			return
		inactive = frappe.get_all(
			"Account Manager", filters={"name": ("in", list(owners)), "status": "Inactive"}, pluck="name"
		)
		if inactive:
			frappe.throw(
				_("Account Manager {0} is inactive and cannot receive customers.").format(
					frappe.bold(inactive[0])
				),
				InactiveManagerError,
			)

	def set_summary(self):
		self.total_items = len(self.items)
		self.moves = sum(
			1 for item in self.items if item.proposed_owner and item.proposed_owner != item.current_owner
		)
		self.unassigned_count = sum(1 for item in self.items if not item.proposed_owner)
