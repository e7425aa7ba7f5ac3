# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document


class AccountManagerLeave(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		delegated: DF.Check
		deputy: DF.Link | None
		from_date: DF.Date
		handed_back: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reason: DF.Data | None
		to_date: DF.Date
	# end: auto-generated types
	pass
