# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_time, getdate

from crm_assign.core.holidays_cn import HolidayDataUnavailableError, china_holiday_schedule
from crm_assign.exceptions import DuplicateRowError, SettingsError
from crm_assign.services.service_desk.work_calendar import WEEKDAY_FIELDS, calendar_from_service_calendar


class ServiceCalendar(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_assign.customer_service.doctype.service_calendar_date.service_calendar_date import (
			ServiceCalendarDate,
		)
		from crm_assign.customer_service.doctype.service_calendar_hours.service_calendar_hours import (
			ServiceCalendarHours,
		)

		calendar_name: DF.Data
		friday: DF.Check
		monday: DF.Check
		saturday: DF.Check
		special_days: DF.Table[ServiceCalendarDate]
		sunday: DF.Check
		thursday: DF.Check
		time_zone: DF.Data | None
		tuesday: DF.Check
		wednesday: DF.Check
		working_hours: DF.Table[ServiceCalendarHours]

	# end: auto-generated types
	def validate(self):
		self.validate_working_weekdays()
		self.validate_working_hours()
		self.validate_special_days()
		self.validate_time_zone_and_calendar()

	def validate_working_weekdays(self):
		if not any(self.get(fieldname) for fieldname in WEEKDAY_FIELDS):
			frappe.throw(_("A working calendar needs at least one working weekday."), SettingsError)

	def validate_working_hours(self):
		rows = sorted(self.working_hours, key=lambda row: get_time(row.from_time))
		previous = None
		for row in rows:
			if get_time(row.to_time) <= get_time(row.from_time):
				frappe.throw(
					_("Working hours row {0}: {1} must be after {2}.").format(
						row.idx, frappe.bold(_("To")), frappe.bold(_("From"))
					),
					SettingsError,
				)
			if previous and get_time(row.from_time) < get_time(previous.to_time):
				frappe.throw(
					_("Working hours rows {0} and {1} overlap.").format(previous.idx, row.idx), SettingsError
				)
			previous = row
		for idx, row in enumerate(rows, start=1):
			row.idx = idx
		self.working_hours = rows

	def validate_special_days(self):
		seen = {}
		for row in self.special_days:
			day = getdate(row.calendar_date)
			if day in seen:
				frappe.throw(
					_("Date {0} is listed twice (rows {1} and {2}).").format(
						frappe.bold(frappe.format(day, "Date")), seen[day], row.idx
					),
					DuplicateRowError,
				)
			seen[day] = row.idx
		rows = sorted(self.special_days, key=lambda row: getdate(row.calendar_date))
		for idx, row in enumerate(rows, start=1):
			row.idx = idx
		self.special_days = rows

	def validate_time_zone_and_calendar(self):
		if self.time_zone:
			self.time_zone = self.time_zone.strip()
		calendar_from_service_calendar(self)  # throws a translated SettingsError when inconsistent

	def seed_china_holidays(self, year: int) -> dict:
		"""Add China's public holidays and make-up working days of ``year`` (dates already listed are kept)."""
		try:
			schedule = china_holiday_schedule([year])
		except HolidayDataUnavailableError:
			frappe.throw(
				_("No holiday data for {0}: install the holidays package or enter the dates by hand.").format(
					frappe.bold(year)
				),
				SettingsError,
			)
		listed = {getdate(row.calendar_date) for row in self.special_days}
		added = 0
		for day, day_type in sorted(
			[(d, "Holiday") for d in schedule.holidays]
			+ [(d, "Make-up Working Day") for d in schedule.makeup_workdays]
		):
			if day not in listed:
				self.append("special_days", {"calendar_date": day, "day_type": day_type})
				added += 1
		return {"added": added, "source": schedule.source}


@frappe.whitelist()
def seed_china_holidays(calendar: str, year: int) -> dict:
	"""Desk button: add a year's China holidays and make-up working days to a Service Calendar."""
	frappe.has_permission("Service Calendar", "write", calendar, throw=True)
	doc = frappe.get_doc("Service Calendar", calendar)
	result = doc.seed_china_holidays(int(year))
	doc.save()
	return result
