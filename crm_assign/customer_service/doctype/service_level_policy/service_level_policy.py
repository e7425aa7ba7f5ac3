# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document

from crm_assign.exceptions import DuplicateRowError


class ServiceLevelPolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_service.doctype.service_level_target.service_level_target import (
			ServiceLevelTarget,
		)

		at_risk_percent: DF.Percent
		default_policy: DF.Check
		enabled: DF.Check
		pause_on_statuses: DF.SmallText | None
		policy_name: DF.Data
		targets: DF.Table[ServiceLevelTarget]

	# end: auto-generated types
	def validate(self):
		self.validate_targets_do_not_overlap()
		self.validate_resolution_after_response()

	def on_update(self):
		self.keep_one_default_policy()

	def validate_targets_do_not_overlap(self):
		seen = {}
		for row in self.targets:
			key = (row.severity, row.grade or "")
			if key in seen:
				frappe.throw(
					_("Target rows {0} and {1} both cover severity {2} and grade {3}.").format(
						seen[key], row.idx, frappe.bold(_(row.severity)), frappe.bold(row.grade or _("Any"))
					),
					DuplicateRowError,
				)
			seen[key] = row.idx

	def validate_resolution_after_response(self):
		for row in self.targets:
			if row.resolution_hours < row.response_hours:
				frappe.throw(
					_("Target row {0}: resolution time cannot be shorter than response time.").format(row.idx)
				)

	def keep_one_default_policy(self):
		if self.default_policy:
			policy = frappe.qb.DocType("Service Level Policy")
			frappe.qb.update(policy).set(policy.default_policy, 0).where(policy.name != self.name).run()
