# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document


class ServiceLevelTarget(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		grade: DF.Literal["", "A", "B", "C"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		resolution_hours: DF.Float
		response_hours: DF.Float
		severity: DF.Literal["Low", "Medium", "High", "Critical"]
	# end: auto-generated types
	pass
