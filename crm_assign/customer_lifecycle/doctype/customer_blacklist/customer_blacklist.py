# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import nowdate
from frappe.utils.password import get_decrypted_password

from crm_assign.core.identifiers import ID_FIELD, normalise
from crm_assign.exceptions import BlacklistedCustomerError, SelfApprovalError
from crm_assign.services.data_protection.id_numbers import is_mask, set_id_number_hash
from crm_assign.services.lifecycle.blacklist import IDENTIFIER_FIELDS
from crm_assign.services.lifecycle.stages import change_status


class CustomerBlacklist(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		customer: DF.Link | None
		customer_name: DF.Data
		details: DF.SmallText | None
		exit_request: DF.Link | None
		id_number: DF.Password | None
		id_number_hash: DF.Data | None
		mobile_no: DF.Data | None
		naming_series: DF.Literal["BL-.YYYY.-"]
		phone: DF.Data | None
		reason: DF.Literal["Credit", "Fraud", "Breach of Contract", "Inactivity", "Other"]
		removal_approved_by: DF.Link | None
		removal_reason: DF.SmallText | None
		removal_requested_by: DF.Link | None
		removed_on: DF.Date | None
		status: DF.Literal["Blacklisted", "Removal Requested", "Removed"]
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.copy_id_number_from_customer()
		self.normalise_identifiers()
		set_id_number_hash(self)
		self.validate_identifiers_present()
		self.validate_status_change()

	def after_insert(self):
		self.blacklist_customer()

	def on_update(self):
		self.release_customer_when_removed()

	def copy_id_number_from_customer(self):
		"""The customer's ID number when none is given (a fetch would copy only the mask of the encrypted
		value); a new entry given just a mask (copied from a customer's form) gets the number behind it."""
		value = self.get(ID_FIELD)
		if self.customer and (not value or (is_mask(value) and self.is_new())):
			self.set(
				ID_FIELD,
				get_decrypted_password("Managed Customer", self.customer, ID_FIELD, raise_exception=False),
			)

	def normalise_identifiers(self):
		for fieldname in IDENTIFIER_FIELDS:
			if not is_mask(self.get(fieldname)):  # an unchanged encrypted ID number
				self.set(fieldname, normalise(self.get(fieldname)) or None)

	def validate_identifiers_present(self):
		if not any(self.get(f) for f in IDENTIFIER_FIELDS):
			frappe.throw(
				_(
					"Give a registration number, mobile or phone number, so the blacklist can recognise {0}."
				).format(frappe.bold(self.customer_name)),
				BlacklistedCustomerError,
			)

	def validate_status_change(self):
		if self.is_new():
			self.status = "Blacklisted"
			return
		before = self.get_doc_before_save()
		if not before or before.status == self.status:
			return
		if before.status == "Removed":
			frappe.throw(_("A removed blacklist entry cannot be restored; create a new entry."))
		if self.status == "Removal Requested":
			if not (self.removal_reason or "").strip():
				frappe.throw(
					_("Give the reason for removing {0} from the blacklist.").format(frappe.bold(self.name))
				)
			self.removal_requested_by = frappe.session.user
		elif self.status == "Removed":
			if before.status != "Removal Requested":
				frappe.throw(_("Removal from the blacklist must be requested and then approved."))
			if frappe.session.user == self.removal_requested_by and frappe.session.user != "Administrator":
				frappe.throw(
					_("The removal must be approved by someone other than who requested it."),
					SelfApprovalError,
				)
			self.removal_approved_by = frappe.session.user
			self.removed_on = nowdate()

	def blacklist_customer(self):
		if self.customer:
			change_status(self.customer, "Blacklisted", "Blacklist", self.details or _(self.reason), self)

	def release_customer_when_removed(self):
		if self.status == "Removed" and self.has_value_changed("status") and self.customer:
			if frappe.db.get_value("Managed Customer", self.customer, "status") == "Blacklisted":
				change_status(self.customer, "Exited", "Blacklist", self.removal_reason, self)
