# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document


class AllocationPlanItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		apply_status: DF.Literal["Pending", "Applied", "Skipped"]
		current_owner: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		grade: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		proposed_owner: DF.Link | None
		reason: DF.SmallText | None
		score: DF.Float
		skip_reason: DF.Data | None
	# end: auto-generated types
	pass
