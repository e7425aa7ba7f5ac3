# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from crm_assign.exceptions import AgreementDateError


class ConfidentialityAgreement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		document: DF.Attach
		full_name: DF.Data | None
		naming_series: DF.Literal["CA-.YYYY.-"]
		notes: DF.SmallText | None
		signed_on: DF.Date
		user: DF.Link
		valid_until: DF.Date | None

	# end: auto-generated types
	def validate(self):
		self.validate_dates()

	def validate_dates(self):
		if self.valid_until and getdate(self.valid_until) < getdate(self.signed_on):
			frappe.throw(_("Valid Until cannot be before Signed On."), AgreementDateError)


def on_doctype_update():
	frappe.db.add_index("Confidentiality Agreement", ["user", "valid_until"])
