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
