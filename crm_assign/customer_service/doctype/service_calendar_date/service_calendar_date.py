# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document


class ServiceCalendarDate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		calendar_date: DF.Date
		day_type: DF.Literal["Holiday", "Make-up Working Day"]
		description: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
