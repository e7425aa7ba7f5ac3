# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime
from frappe.utils.user import get_users_with_role

from crm_assign.exceptions import DuplicateRowError, LifecycleError, SelfApprovalError
from crm_assign.services.data_protection.customer_records import in_names
from crm_assign.services.data_protection.data_retention import ERASURE, ITEM, left_customers

APPROVER = "Customer Manager"


class CustomerDataErasure(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_lifecycle.doctype.customer_data_erasure_item.customer_data_erasure_item import (
			CustomerDataErasureItem,
		)

		amended_from: DF.Link | None
		anonymised_count: DF.Int
		completed_on: DF.Datetime | None
		customers: DF.Table[CustomerDataErasureItem]
		decided_by: DF.Link | None
		decided_on: DF.Datetime | None
		erasure_status: DF.Literal["", "Queued", "In Progress", "Completed"]
		left_before: DF.Date | None
		naming_series: DF.Literal["ERASE-.YYYY.-"]
		notes: DF.SmallText | None
		retention_days: DF.Int
		source: DF.Literal["Manual", "Retention Job"]
		status: DF.Literal["Pending Approval", "Approved", "Rejected"]
		total_customers: DF.Int
		workflow_state: DF.Link | None

	# end: auto-generated types
	def __init__(self, *args, **kwargs):
		super().__init__(*args, **kwargs)
		# Frappe checks each row's link with a query of its own (10,000 for a first backlog); the customers
		# are checked set-wise in `validate_customers_have_left`, the other links are written by code.
		self.flags.ignore_links = True

	def validate(self):
		self.validate_unique_customers()
		self.validate_customers_have_left()
		self.validate_not_on_another_request()
		self.total_customers = len(self.customers)

	def after_insert(self):
		self.notify_approvers()

	def before_submit(self):
		self.validate_decided()
		self.validate_approver()
		self.record_decision()
		self.mark_kept_customers()

	def on_submit(self):
		if self.status == "Approved":
			from crm_assign.services.data_protection import data_retention

			data_retention.enqueue_erasure(self.name)

	def validate_unique_customers(self):
		seen = set()
		for row in self.customers:
			if row.customer in seen:
				frappe.throw(
					_("Customer {0} is listed twice.").format(frappe.bold(row.customer)), DuplicateRowError
				)
			seen.add(row.customer)

	def validate_customers_have_left(self):
		"""Only exited or blacklisted customers; at approval the job itself skips those who came back."""
		if self._action == "submit":
			return
		left = {row.customer: row for row in left_customers([row.customer for row in self.customers])}
		for row in self.customers:
			current = left.get(row.customer)
			if not current:
				frappe.throw(
					_(
						"Customer {0} has not exited: only exited or blacklisted customers' data is erased."
					).format(frappe.bold(row.customer)),
					LifecycleError,
				)
			row.customer_name = current.customer_name
			row.customer_status = current.customer_status
			row.left_on = getdate(current.left_at)

	def validate_not_on_another_request(self):
		item, request = frappe.qb.DocType(ITEM), frappe.qb.DocType(ERASURE)
		other = (
			frappe.qb.from_(item)
			.join(request)
			.on(request.name == item.parent)
			.select(item.customer, item.parent)
			.where(in_names(item.customer, [row.customer for row in self.customers]))
			.where(item.parent != (self.name or ""))
			.where((request.docstatus == 0) | ((request.docstatus == 1) & (item.erasure_status == "Pending")))
			.limit(1)
			.run(as_dict=True)
		)
		if other:
			frappe.throw(
				_("Customer {0} is already on Customer Data Erasure {1}.").format(
					frappe.bold(other[0].customer), frappe.bold(other[0].parent)
				),
				DuplicateRowError,
			)

	def validate_decided(self):
		if self.status not in ("Approved", "Rejected"):
			frappe.throw(_("A Customer Data Erasure is submitted only when it is approved or rejected."))

	def validate_approver(self):
		if self.status != "Approved" or frappe.session.user == "Administrator":
			return
		if APPROVER not in frappe.get_roles():
			frappe.throw(
				_("Only a {0} approves the erasure of customer data.").format(_(APPROVER)),
				frappe.PermissionError,
			)
		if frappe.session.user == self.owner:
			frappe.throw(
				_("The erasure must be approved by someone other than who requested it."), SelfApprovalError
			)

	def record_decision(self):
		self.decided_by = frappe.session.user
		self.decided_on = now_datetime()
		if self.status == "Approved":
			self.erasure_status = "Queued"

	def mark_kept_customers(self):
		for row in self.customers:
			if self.status == "Rejected" or row.keep:
				row.erasure_status = "Kept"

	def notify_approvers(self):
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		users = [u for u in get_users_with_role(APPROVER) if u not in (self.owner, frappe.session.user)]
		if users:
			make_notification_logs(
				{
					"subject": _("Customer Data Erasure {0} waits for your approval: {1} customers").format(
						self.name, self.total_customers
					),
					"document_type": self.doctype,
					"document_name": self.name,
					"type": "Alert",
					"from_user": frappe.session.user,
				},
				users,
			)
