# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from collections import Counter

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime
from frappe.utils.user import get_users_with_role

from crm_assign.exceptions import (
	CapacityError,
	DuplicateRowError,
	InactiveManagerError,
	PlanStateError,
	SelfApprovalError,
)

APPROVER_ROLES = ("Allocation Approver", "Customer Manager")
EXCLUDED_STATUSES = ("Exited", "Blacklisted")


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
		engine_notes: DF.SmallText | None
		first_approved_by: DF.Link | None
		gini_after: DF.Float
		gini_before: DF.Float
		items: DF.Table[AllocationPlanItem]
		manager_loads: DF.JSON | None
		moves: DF.Int
		naming_series: DF.Literal["ALLOC-.YYYY.-"]
		needs_department_approval: DF.Check
		notes: DF.SmallText | None
		objective: DF.Float
		scope: DF.Literal["All", "Service Team", "Service Region", "Unassigned", "Account Manager Leaving"]
		scope_account_manager: DF.Link | None
		scope_service_region: DF.Link | None
		scope_service_team: DF.Link | None
		source: DF.Literal["Manual", "Engine", "Scheduled Rebalance", "Leave"]
		status: DF.Literal[
			"Draft",
			"Pending Approval",
			"Pending Department Approval",
			"Rejected",
			"Approved",
			"Queued",
			"Applying",
			"Applied",
			"Cancelled",
		]
		title: DF.Data
		total_items: DF.Int
		unassigned_count: DF.Int
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.validate_scope()
		self.validate_unique_customers()
		self.validate_items_against_hard_rules()
		self.set_summary()
		self.set_status_for_draft()
		self.record_first_approval()

	def on_update(self):
		self.notify_approvers()

	def notify_approvers(self):
		"""A plan waiting for approval appears in the approvers' notifications (once per waiting step)."""
		role = {
			"Pending Approval": "Allocation Approver",
			"Pending Department Approval": "Customer Manager",
		}.get(self.status)
		if not role or not self.has_value_changed("status"):
			return
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		users = [u for u in get_users_with_role(role) if u not in (self.owner, frappe.session.user)]
		if users:
			make_notification_logs(
				{
					"subject": _("Allocation Plan {0} waits for your approval: {1} changes").format(
						self.name, self.moves
					),
					"document_type": self.doctype,
					"document_name": self.name,
					"type": "Alert",
					"from_user": frappe.session.user,
				},
				users,
			)

	def before_submit(self):
		self.validate_approver()
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()
		self.status = "Approved"

	def on_update_after_submit(self):
		if self.status == "Queued" and self.has_value_changed("status"):
			from crm_assign.services.allocation.apply import enqueue_apply

			enqueue_apply(self.name)

	def before_cancel(self):
		if self.status in ("Applying", "Applied"):
			frappe.throw(_("A plan that has been applied cannot be cancelled."), PlanStateError)

	def on_cancel(self):
		self.db_set("status", "Cancelled")

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

	def validate_items_against_hard_rules(self):
		"""Hand-edited items obey the engine's hard rules: active owner, capacity, grade A, status."""
		owners = {item.proposed_owner for item in self.items if item.proposed_owner}
		if not owners:
			return
		managers = {
			m.name: m
			for m in frappe.get_all(
				"Account Manager",
				filters={"name": ("in", list(owners))},
				fields=["name", "status", "level", "capacity", "current_load"],
			)
		}
		customers = {
			c.name: c
			for c in frappe.get_all(
				"Managed Customer",
				filters={"name": ("in", [item.customer for item in self.items])},
				fields=["name", "status", "grade"],
			)
		}
		senior_only = frappe.db.get_single_value("CRM Assign Settings", "grade_a_requires_senior")
		for item in self.items:
			manager = managers.get(item.proposed_owner)
			customer = customers.get(item.customer)
			if not manager:
				continue
			if manager.status == "Inactive":
				frappe.throw(
					_("Row {0}: Account Manager {1} is inactive and cannot receive customers.").format(
						item.idx, frappe.bold(manager.name)
					),
					InactiveManagerError,
				)
			if customer and customer.status in EXCLUDED_STATUSES:
				frappe.throw(
					_("Row {0}: customer {1} is {2} and cannot be allocated.").format(
						item.idx, frappe.bold(item.customer), _(customer.status)
					)
				)
			if senior_only and customer and customer.grade == "A" and manager.level == "Junior":
				frappe.throw(
					_("Row {0}: grade A customer {1} needs a Senior or Expert account manager.").format(
						item.idx, frappe.bold(item.customer)
					)
				)
		self.validate_capacity(managers)

	def validate_capacity(self, managers: dict):
		changes = [i for i in self.items if i.proposed_owner and i.proposed_owner != i.current_owner]
		gains = Counter(i.proposed_owner for i in changes)
		losses = Counter(i.current_owner for i in changes if i.current_owner)
		for name, gain in gains.items():
			manager = managers[name]
			if (manager.current_load or 0) - losses.get(name, 0) + gain > (manager.capacity or 0):
				frappe.throw(
					_("Account Manager {0} would own more customers than their capacity of {1}.").format(
						frappe.bold(name), manager.capacity
					),
					CapacityError,
				)

	def set_summary(self):
		self.total_items = len(self.items)
		self.moves = sum(
			1 for item in self.items if item.proposed_owner and item.proposed_owner != item.current_owner
		)
		self.unassigned_count = sum(1 for item in self.items if not item.proposed_owner)
		threshold = frappe.db.get_single_value("CRM Assign Settings", "approval_threshold_moves") or 0
		grade_a_move = any(
			item.grade == "A" and item.current_owner and item.proposed_owner != item.current_owner
			for item in self.items
			if item.proposed_owner
		)
		self.needs_department_approval = 1 if self.moves > threshold or grade_a_move else 0

	def set_status_for_draft(self):
		if self.docstatus == 0 and not self.status:
			self.status = "Draft"

	def record_first_approval(self):
		"""The first of two approvals: the plan's own status moves to Pending Department Approval."""
		if self.status == "Pending Department Approval" and self.has_value_changed("status"):
			self.check_not_own_plan()
			self.first_approved_by = frappe.session.user

	def check_not_own_plan(self):
		if frappe.session.user == self.owner:
			frappe.throw(_("You drafted this plan, so someone else must approve it."), SelfApprovalError)

	def validate_approver(self):
		self.check_not_own_plan()
		roles = set(frappe.get_roles(frappe.session.user))
		if not roles & set(APPROVER_ROLES):
			frappe.throw(_("Only an Allocation Approver may approve a plan."), frappe.PermissionError)
		if not self.needs_department_approval:
			return
		if "Customer Manager" not in roles:
			frappe.throw(
				_(
					"This plan moves many customers or a grade A customer; the Customer Manager must approve it."
				),
				frappe.PermissionError,
			)
		if not self.first_approved_by or self.first_approved_by == frappe.session.user:
			frappe.throw(
				_("This plan needs an Allocation Approver's approval before the Customer Manager's."),
				frappe.PermissionError,
			)


@frappe.whitelist()
def generate_proposal(plan: str) -> dict:
	"""Fill a draft plan with the engine's proposal for its scope (in the background for large scopes)."""
	doc = frappe.get_doc("Allocation Plan", plan)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(_("Only a draft plan can be regenerated."), PlanStateError)
	from crm_assign.services.allocation.draft import INLINE_LIMIT, draft_proposal, scope_size

	if scope_size(doc) > INLINE_LIMIT and not frappe.flags.in_test:
		frappe.enqueue(
			"crm_assign.services.allocation.rebalance.fill_plan",
			queue="long",
			job_id=f"allocation_plan_draft::{doc.name}",
			deduplicate=True,
			plan_name=doc.name,
		)
		return {"queued": True}
	result = draft_proposal(doc)
	moves = sum(1 for a in result.assignments if a.kind not in ("kept", "pinned"))
	return {"moves": moves, "unassigned": len(result.unassigned)}


@frappe.whitelist()
def apply_plan(plan: str) -> None:
	"""Queue an approved plan for applying in the background."""
	doc = frappe.get_doc("Allocation Plan", plan)
	doc.check_permission("submit")
	if doc.docstatus != 1 or doc.status != "Approved":
		frappe.throw(_("Only an approved plan can be applied."), PlanStateError)
	doc.status = "Queued"
	doc.save()
