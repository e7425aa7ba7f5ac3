# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_time

from crm_assign.exceptions import SettingsError

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEIGHT_FIELDS = ("skill_weight", "region_weight", "load_weight", "stability_weight")


class CRMAssignSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		approval_threshold_moves: DF.Int
		auto_assign_on_insert: DF.Check
		dormancy_days: DF.Int
		exited_customer_retention_days: DF.Int
		grade_a_requires_senior: DF.Check
		grade_a_weight: DF.Float
		grade_b_weight: DF.Float
		grade_c_weight: DF.Float
		inactive_customer_visits: DF.Literal["Warn", "Refuse"]
		load_weight: DF.Float
		lunch_end_time: DF.Time | None
		lunch_start_time: DF.Time | None
		max_moves_percent: DF.Percent
		min_tenure_days: DF.Int
		rebalance_threshold_percent: DF.Percent
		refuse_outside_working_hours: DF.Check
		region_weight: DF.Float
		require_confidentiality_agreement: DF.Check
		return_visit_days: DF.Int
		service_calendar: DF.Link | None
		skill_weight: DF.Float
		stability_weight: DF.Float
		use_grade_weights: DF.Check
		visit_days_grade_a: DF.Int
		visit_days_grade_b: DF.Int
		visit_days_grade_c: DF.Int
		warn_outside_working_hours: DF.Check
		work_end_time: DF.Time | None
		work_start_time: DF.Time | None
		working_days: DF.Data | None

	# end: auto-generated types
	def validate(self):
		self.validate_working_days()
		self.validate_working_hours()
		self.validate_weights()

	def validate_working_days(self):
		days = [day.strip() for day in (self.working_days or "").split(",") if day.strip()]
		unknown = [day for day in days if day not in WEEKDAYS]
		if unknown or not days:
			frappe.throw(
				_("Working Weekdays must list days from {0}, separated by commas.").format(
					frappe.bold(", ".join(WEEKDAYS))
				),
				SettingsError,
			)
		self.working_days = ",".join(day for day in WEEKDAYS if day in days)

	def validate_working_hours(self):
		times = [self.work_start_time, self.lunch_start_time, self.lunch_end_time, self.work_end_time]
		if any(t is None for t in times):
			return
		times = [get_time(t) for t in times]
		if not times[0] <= times[1] <= times[2] <= times[3] or times[0] == times[3]:
			frappe.throw(
				_("Working hours must run: work starts ≤ lunch starts ≤ lunch ends ≤ work ends."),
				SettingsError,
			)

	def validate_weights(self):
		for fieldname in WEIGHT_FIELDS:
			if (self.get(fieldname) or 0) < 0:
				frappe.throw(
					_("{0} cannot be negative.").format(frappe.bold(_(self.meta.get_label(fieldname)))),
					SettingsError,
				)
