# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from crm_assign.services.allocation.auto_assign import clear_caches


class ServiceRegion(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		is_group: DF.Check
		latitude: DF.Float
		lft: DF.Int
		longitude: DF.Float
		old_parent: DF.Link | None
		parent_service_region: DF.Link | None
		region_name: DF.Data
		region_type: DF.Literal["Country", "Province", "City", "District"]
		rgt: DF.Int
	# end: auto-generated types
	nsm_parent_field = "parent_service_region"

	def validate(self):
		self.validate_not_own_parent()
		self.validate_coordinates()

	def on_update(self):
		super().on_update()
		clear_caches()

	def validate_not_own_parent(self):
		if self.parent_service_region and self.parent_service_region == self.name:
			frappe.throw(_("A Service Region cannot be its own parent."))

	def validate_coordinates(self):
		if self.latitude and not -90 <= self.latitude <= 90:
			frappe.throw(_("Latitude must be between -90 and 90."))
		if self.longitude and not -180 <= self.longitude <= 180:
			frappe.throw(_("Longitude must be between -180 and 180."))
