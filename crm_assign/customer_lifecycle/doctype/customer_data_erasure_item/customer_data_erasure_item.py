# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document


class CustomerDataErasureItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		customer: DF.Link
		customer_name: DF.Data | None
		customer_status: DF.Data | None
		erasure_status: DF.Literal["Pending", "Anonymised", "Skipped", "Kept"]
		keep: DF.Check
		keep_reason: DF.Data | None
		left_on: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		skip_reason: DF.Data | None
	# end: auto-generated types
	pass
