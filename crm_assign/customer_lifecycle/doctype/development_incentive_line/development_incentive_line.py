# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document


class DevelopmentIncentiveLine(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		counted: DF.Check
		customer: DF.Link | None
		customer_name: DF.Data | None
		fabrication_penalty: DF.Currency
		gross_sales: DF.Currency
		new_customer_credit: DF.Link | None
		note: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		purchase_month: DF.Int
		return_deduction: DF.Currency
		returns: DF.Currency
		tier_bonus: DF.Currency
	# end: auto-generated types
	pass
