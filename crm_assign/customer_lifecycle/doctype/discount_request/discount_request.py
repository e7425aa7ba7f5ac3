# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt
from frappe.utils.user import get_users_with_role

from crm_assign.exceptions import BlacklistedCustomerError, DiscountError
from crm_assign.services.lifecycle.stages import lifecycle_settings

# Who may approve each level (a higher role may approve a lower level).
APPROVERS = {
	"Team Leader": ("Team Leader", "Customer Manager", "General Manager"),
	"Customer Manager": ("Customer Manager", "General Manager"),
	"General Manager": ("General Manager",),
}


def approval_level_for(discount_percent: float) -> str:
	settings = lifecycle_settings()
	if discount_percent <= flt(settings.discount_team_leader_max):
		return "Team Leader"
	if discount_percent <= flt(settings.discount_standard_max):
		return "Customer Manager"
	return "General Manager"


class DiscountRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link | None
		amended_from: DF.Link | None
		approval_level: DF.Literal["Team Leader", "Customer Manager", "General Manager"]
		approved_by: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		customer_status: DF.Data | None
		discount_amount: DF.Currency
		discount_percent: DF.Percent
		first_deal_date: DF.Date | None
		grade: DF.Data | None
		last_activity_date: DF.Date | None
		last_discount_percent: DF.Percent
		lifecycle_stage: DF.Data | None
		naming_series: DF.Literal["DISC-.YYYY.-"]
		order_amount: DF.Currency
		previous_discounts: DF.Int
		reason: DF.SmallText
		status: DF.Literal["Draft", "Pending Approval", "Approved", "Rejected"]
		total_sales_12m: DF.Currency
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.validate_discount()
		self.validate_customer_may_receive_discounts()
		self.set_discount_amount()
		self.set_approval_level()
		self.set_customer_history()

	def before_submit(self):
		self.validate_decided_by_the_right_role()

	def on_submit(self):
		self.report_to_general_manager()

	def validate_discount(self):
		if not 0 < flt(self.discount_percent) <= 100:
			frappe.throw(_("Discount must be above 0% and at most 100%."), DiscountError)

	def validate_customer_may_receive_discounts(self):
		if frappe.db.get_value("Managed Customer", self.customer, "status") == "Blacklisted":
			frappe.throw(
				_("Customer {0} is blacklisted and cannot receive discounts.").format(
					frappe.bold(self.customer_name)
				),
				BlacklistedCustomerError,
			)

	def set_discount_amount(self):
		self.discount_amount = flt(self.order_amount) * flt(self.discount_percent) / 100

	def set_approval_level(self):
		self.approval_level = approval_level_for(flt(self.discount_percent))

	def set_customer_history(self):
		"""What the approver sees besides grade and sales: earlier approved discounts of this customer."""
		previous = frappe.get_all(
			"Discount Request",
			filters={
				"customer": self.customer,
				"docstatus": 1,
				"status": "Approved",
				"name": ("!=", self.name or ""),
			},
			fields=["discount_percent"],
			order_by="creation desc",
		)
		self.previous_discounts = len(previous)
		self.last_discount_percent = previous[0].discount_percent if previous else 0

	def validate_decided_by_the_right_role(self):
		if self.status not in ("Approved", "Rejected"):
			frappe.throw(
				_("A discount request is submitted only when it is approved or rejected."), DiscountError
			)
		roles = set(frappe.get_roles())
		if "System Manager" not in roles and not roles & set(APPROVERS[self.approval_level]):
			frappe.throw(
				_("A discount of {0}% needs the approval of a {1}.").format(
					flt(self.discount_percent), frappe.bold(_(self.approval_level))
				),
				frappe.PermissionError,
			)
		if self.status == "Approved":
			self.approved_by = frappe.session.user

	def report_to_general_manager(self):
		"""Discounts within the standard are approved by the department and reported to the general manager."""
		if self.status != "Approved" or self.approval_level == "General Manager":
			return
		for user in general_managers():
			notification = frappe.get_doc(
				{
					"doctype": "Notification Log",
					"for_user": user,
					"from_user": frappe.session.user,
					"type": "Alert",
					"document_type": self.doctype,
					"document_name": self.name,
					"subject": _("Discount {0}% for {1} approved by {2}").format(
						flt(self.discount_percent), self.customer_name, frappe.session.user
					),
				}
			)
			notification.flags.ignore_permissions = True
			notification.insert()


def general_managers() -> list[str]:
	return get_users_with_role("General Manager")
