# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document

# figure of the Account Manager Scorecard -> its weight field here
WEIGHT_FIELDS = {
	"satisfaction": "weight_satisfaction",
	"retention": "weight_retention",
	"repeat_purchase": "weight_repeat_purchase",
	"sales_attainment": "weight_sales",
	"complaint_sla": "weight_complaint_sla",
	"visit_compliance": "weight_visit_compliance",
	"data_completeness": "weight_data_completeness",
}


class ScorecardSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		weight_complaint_sla: DF.Float
		weight_data_completeness: DF.Float
		weight_repeat_purchase: DF.Float
		weight_retention: DF.Float
		weight_sales: DF.Float
		weight_satisfaction: DF.Float
		weight_visit_compliance: DF.Float

	# end: auto-generated types
	def weights(self) -> dict[str, float]:
		"""Figure -> weight; a weight never saved takes the field's default."""
		weights = {}
		for figure, field in WEIGHT_FIELDS.items():
			value = self.get(field)
			if value is None:
				value = self.meta.get_field(field).default
			weights[figure] = float(value or 0)
		return weights
