# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import LifecycleError
from crm_assign.services.allocation.ownership import refresh_manager_loads
from crm_assign.services.lifecycle.stages import change_status


class CustomerExitRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link | None
		add_to_blacklist: DF.Check
		amended_from: DF.Link | None
		approved_by: DF.Link | None
		blacklist_entry: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		details: DF.SmallText
		exit_reason: DF.Literal["Credit", "Fraud", "Breach of Contract", "Inactivity", "Other"]
		grade: DF.Data | None
		naming_series: DF.Literal["EXIT-.YYYY.-"]
		status: DF.Literal["Draft", "Pending Approval", "Approved", "Rejected"]
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.validate_customer_still_served()
		self.validate_one_open_request()
		self.validate_blacklist_identifiers()

	def before_submit(self):
		self.validate_decided()
		if self.status == "Approved":
			self.approved_by = frappe.session.user

	def on_submit(self):
		if self.status == "Approved":
			self.exit_customer()

	def validate_customer_still_served(self):
		status = frappe.db.get_value("Managed Customer", self.customer, "status")
		if status in ("Exited", "Blacklisted") and self.docstatus == 0:
			frappe.throw(
				_("Customer {0} is already {1}.").format(frappe.bold(self.customer_name), _(status)),
				LifecycleError,
			)

	def validate_one_open_request(self):
		other = frappe.db.get_value(
			"Customer Exit Request",
			{"customer": self.customer, "docstatus": 0, "name": ("!=", self.name or "")},
		)
		if other:
			frappe.throw(
				_("Exit request {0} for this customer is still open.").format(frappe.bold(other)),
				LifecycleError,
			)

	def validate_blacklist_identifiers(self):
		if not self.add_to_blacklist:
			return
		values = frappe.db.get_value("Managed Customer", self.customer, ["id_number", "mobile_no", "phone"])
		if not any(values or ()):
			frappe.throw(
				_(
					"Customer {0} has no registration number or phone: the blacklist could not recognise it."
				).format(frappe.bold(self.customer_name)),
				LifecycleError,
			)

	def validate_decided(self):
		if self.status not in ("Approved", "Rejected"):
			frappe.throw(
				_("An exit request is submitted only when it is approved or rejected."), LifecycleError
			)

	def exit_customer(self):
		status = "Blacklisted" if self.add_to_blacklist else "Exited"
		reason = f"{_(self.exit_reason)}: {self.details}"
		change_status(self.customer, status, "Exit", reason, self)
		if self.add_to_blacklist:
			# without the ID number: the blacklist entry copies the customer's encrypted number itself
			customer = frappe.db.get_value(
				"Managed Customer", self.customer, ["customer_name", "mobile_no", "phone"], as_dict=True
			)
			entry = frappe.get_doc(
				{
					"doctype": "Customer Blacklist",
					"customer": self.customer,
					"reason": self.exit_reason if self.exit_reason != "Inactivity" else "Other",
					"details": self.details,
					"exit_request": self.name,
					**customer,
				}
			)
			entry.flags.ignore_permissions = True
			entry.insert()
			self.db_set("blacklist_entry", entry.name)
		owner = frappe.db.get_value("Managed Customer", self.customer, "account_manager")
		if owner:
			refresh_manager_loads([owner])
