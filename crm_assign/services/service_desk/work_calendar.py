"""The site's working calendar: a Service Calendar (or the hours in CRM Assign Settings) as a pure WorkCalendar.

Frappe stores naive datetimes in the site's time zone (System Settings). A calendar may run in another zone
(a service desk in Shanghai on a site kept in UTC), so every datetime is made aware in the site's zone before
it reaches the core, and results come back naive in the site's zone. Dates handed to the core are dates of
the calendar's zone.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import get_datetime, get_system_timezone, get_time, getdate

from crm_assign.core.worktime import WorkCalendar
from crm_assign.core.worktime_parsing import InvalidCalendarError
from crm_assign.exceptions import SettingsError

WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SETTINGS_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def calendar_from_service_calendar(doc) -> WorkCalendar:
	"""Build the pure calendar from a Service Calendar document (rows as stored or as typed in the form)."""
	hours = [(get_time(row.from_time), get_time(row.to_time)) for row in doc.working_hours]
	return build_calendar(
		time_zone=doc.time_zone or get_system_timezone(),
		weekdays=[i for i, fieldname in enumerate(WEEKDAY_FIELDS) if doc.get(fieldname)],
		hours=sorted(hours) or settings_hours(),
		holidays=[getdate(r.calendar_date) for r in doc.special_days if r.day_type == "Holiday"],
		makeup_days=[getdate(r.calendar_date) for r in doc.special_days if r.day_type != "Holiday"],
	)


def calendar_from_settings(settings) -> WorkCalendar:
	"""The plain working week of CRM Assign Settings (no holidays), used when no Service Calendar is set."""
	days = [d.strip() for d in (settings.working_days or "").split(",") if d.strip()]
	return build_calendar(
		time_zone=get_system_timezone(),
		weekdays=[SETTINGS_WEEKDAYS.index(d) for d in days if d in SETTINGS_WEEKDAYS],
		hours=settings_hours(settings),
	)


def settings_hours(settings=None) -> list[tuple]:
	"""Working intervals from the settings: start–lunch, lunch–end (one interval when lunch is empty)."""
	settings = settings or frappe.get_cached_doc("CRM Assign Settings")
	start, lunch_start, lunch_end, end = (
		get_time(settings.get(f) or default)
		for f, default in (
			("work_start_time", "09:00:00"),
			("lunch_start_time", "12:00:00"),
			("lunch_end_time", "13:30:00"),
			("work_end_time", "18:00:00"),
		)
	)
	if lunch_start >= lunch_end or not start < lunch_start < end:
		return [(start, end)]
	return [(start, lunch_start), (lunch_end, end)]


def build_calendar(time_zone, weekdays, hours, holidays=(), makeup_days=()) -> WorkCalendar:
	try:
		return WorkCalendar(
			time_zone=time_zone,
			working_weekdays=frozenset(weekdays),
			working_hours=tuple(hours),
			holidays=frozenset(holidays),
			makeup_workdays=frozenset(makeup_days),
		)
	except InvalidCalendarError as error:
		frappe.throw(
			_("The working calendar is not valid: {0}").format(frappe.bold(str(error))), SettingsError
		)


def get_work_calendar() -> WorkCalendar:
	"""The calendar chosen in CRM Assign Settings, else the settings' own working week."""
	settings = frappe.get_cached_doc("CRM Assign Settings")
	if settings.get("service_calendar"):
		return calendar_from_service_calendar(
			frappe.get_cached_doc("Service Calendar", settings.service_calendar)
		)
	return calendar_from_settings(settings)


def site_zone() -> ZoneInfo:
	return ZoneInfo(get_system_timezone())


def aware(value) -> datetime:
	"""A stored (naive, site-zone) datetime as an aware datetime the core can convert to its own zone."""
	return get_datetime(value).replace(tzinfo=site_zone())


def naive(value: datetime) -> datetime:
	"""An aware datetime back to the naive site-zone form Frappe stores."""
	return value.astimezone(site_zone()).replace(tzinfo=None)


def calendar_date(calendar: WorkCalendar, value) -> date:
	"""The calendar-zone date of a stored datetime (a plain date is returned as it is)."""
	if isinstance(value, date) and not isinstance(value, datetime):
		return value
	return aware(value).astimezone(calendar.zone).date()
