# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import GradingError
from crm_assign.services.lifecycle.grading import apply_review_round, propose_for_team


class GradeReviewRound(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_lifecycle.doctype.grade_review_round_item.grade_review_round_item import (
			GradeReviewRoundItem,
		)

		amended_from: DF.Link | None
		changes: DF.Int
		grading_rule: DF.Link | None
		items: DF.Table[GradeReviewRoundItem]
		naming_series: DF.Literal["GRR-.YYYY.-"]
		overrides: DF.Int
		review_date: DF.Date
		service_team: DF.Link

	# end: auto-generated types
	def validate(self):
		self.fill_proposals()
		self.validate_overrides_have_reasons()
		self.count_changes()

	def on_submit(self):
		apply_review_round(self)

	def fill_proposals(self):
		"""A new round (or one whose team changed) lists the team's customers with the proposed grades."""
		if self.items and not self.has_value_changed("service_team"):
			return
		self.grading_rule, rows = propose_for_team(self.service_team, self.review_date)
		self.set("items", rows)

	def validate_overrides_have_reasons(self):
		for row in self.items:
			if row.confirmed_grade != row.proposed_grade and not (row.override_reason or "").strip():
				frappe.throw(
					_("Row {0}: give a reason for grading {1} {2} instead of the proposed {3}.").format(
						row.idx,
						frappe.bold(row.customer_name or row.customer),
						row.confirmed_grade,
						row.proposed_grade,
					),
					GradingError,
				)

	def count_changes(self):
		self.changes = sum(1 for row in self.items if row.confirmed_grade != row.current_grade)
		self.overrides = sum(1 for row in self.items if row.confirmed_grade != row.proposed_grade)
