from datetime import date, datetime

import frappe
from frappe.tests.utils import change_settings

from crm_assign.exceptions import DuplicateRowError, SettingsError
from crm_assign.services.service_desk.work_calendar import aware, get_work_calendar, naive
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_service_calendar


class TestServiceCalendar(FrappeTestCase):
	def test_without_a_service_calendar_the_settings_week_is_used(self):
		with change_settings(
			"CRM Assign Settings", service_calendar=None, working_days="Mon,Tue,Wed,Thu,Fri"
		):
			calendar = get_work_calendar()
		self.assertFalse(calendar.is_working_day(date(2026, 11, 28)))  # Saturday
		self.assertTrue(calendar.is_working_day(date(2026, 10, 1)))  # no holidays in the settings
		self.assertEqual(calendar.working_seconds_per_day, 7.5 * 3600)  # 09:00-12:00 + 13:30-18:00

	def test_the_calendar_chosen_in_settings_drives_the_working_clock(self):
		name = make_service_calendar(
			"测试日历-国庆", holidays=("2026-10-01", "2026-10-02"), makeups=("2026-10-10",)
		)
		with change_settings("CRM Assign Settings", service_calendar=name):
			calendar = get_work_calendar()
			# Wednesday 30 Sep 17:00 + 2 working hours: Oct 1 and 2 are holidays, then the weekend -> Mon 10:00
			due = naive(calendar.add_working_time(aware("2026-09-30 17:00:00"), 2 * 3600))
		self.assertEqual(due, datetime(2026, 10, 5, 10, 0))
		self.assertTrue(calendar.is_working_day(date(2026, 10, 10)))  # make-up Saturday

	def test_a_calendar_in_another_time_zone_counts_in_its_own_hours(self):
		site_zone = frappe.utils.get_system_timezone()
		zone = "Asia/Shanghai" if site_zone != "Asia/Shanghai" else "Europe/Berlin"
		name = make_service_calendar("测试日历-时区", time_zone=zone)
		with change_settings("CRM Assign Settings", service_calendar=name):
			calendar = get_work_calendar()
		opening = datetime(2026, 11, 23, 9, 0, tzinfo=calendar.zone)  # Monday 09:00 in the calendar's zone
		stored = naive(opening)  # as Frappe stores it, in the site's zone
		self.assertTrue(calendar.is_working_time(aware(stored)))
		self.assertEqual(
			naive(calendar.add_working_time(aware(stored), 3600)), naive(opening.replace(hour=10))
		)

	def test_inconsistent_calendars_are_refused_with_clear_errors(self):
		doc = frappe.get_doc(
			{
				"doctype": "Service Calendar",
				"calendar_name": "测试日历-重叠",
				"working_hours": [
					{"from_time": "09:00:00", "to_time": "12:30:00"},
					{"from_time": "12:00:00", "to_time": "18:00:00"},
				],
			}
		)
		self.assertRaises(SettingsError, doc.insert)

		doc = frappe.get_doc(
			{
				"doctype": "Service Calendar",
				"calendar_name": "测试日历-重复日期",
				"special_days": [
					{"calendar_date": "2026-10-01", "day_type": "Holiday"},
					{"calendar_date": "2026-10-01", "day_type": "Make-up Working Day"},
				],
			}
		)
		self.assertRaises(DuplicateRowError, doc.insert)

		doc = frappe.get_doc(
			{"doctype": "Service Calendar", "calendar_name": "测试日历-时区错误", "time_zone": "Mars/Base"}
		)
		self.assertRaises(SettingsError, doc.insert)

		doc = frappe.get_doc(
			{
				"doctype": "Service Calendar",
				"calendar_name": "测试日历-无工作日",
				**{day: 0 for day in ("monday", "tuesday", "wednesday", "thursday", "friday")},
			}
		)
		self.assertRaises(SettingsError, doc.insert)

	def test_seeding_china_holidays_adds_each_date_once(self):
		from crm_assign.customer_service.doctype.service_calendar.service_calendar import seed_china_holidays

		name = make_service_calendar("测试日历-中国")
		first = seed_china_holidays(name, 2026)
		again = seed_china_holidays(name, 2026)
		self.assertGreater(first["added"], 20)
		self.assertEqual(again["added"], 0)
		days = {
			row.calendar_date: row.day_type for row in frappe.get_doc("Service Calendar", name).special_days
		}
		self.assertEqual(days[date(2026, 10, 1)], "Holiday")
		self.assertEqual(days[date(2026, 10, 10)], "Make-up Working Day")
