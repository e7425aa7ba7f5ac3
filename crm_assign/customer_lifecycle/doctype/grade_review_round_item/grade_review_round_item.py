# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document


class GradeReviewRoundItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		confirmed_grade: DF.Literal["A", "B", "C"]
		current_grade: DF.Data | None
		customer: DF.Link
		customer_name: DF.Data | None
		override_reason: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		proposed_grade: DF.Data | None
		purchases_12m: DF.Int
		revenue_12m: DF.Currency
	# end: auto-generated types
	pass
