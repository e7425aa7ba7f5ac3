# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document


class AdmissionApplication(Document):
	def validate(self):
		self.validate_criteria_scores()
		self.set_total_score()

	def validate_criteria_scores(self):
		for row in self.criteria:
			if (row.score or 0) > (row.max_score or 0):
				frappe.throw(
					_("Criterion {0}: score {1} is above its maximum {2}.").format(
						frappe.bold(_(row.criterion)), row.score, row.max_score
					)
				)

	def set_total_score(self):
		self.total_score = sum(row.score or 0 for row in self.criteria)
