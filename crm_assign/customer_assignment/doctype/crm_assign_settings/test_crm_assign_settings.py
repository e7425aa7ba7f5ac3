import frappe

from crm_assign.exceptions import SettingsError
from crm_assign.tests import FrappeTestCase


class TestCRMAssignSettings(FrappeTestCase):
	def test_defaults_are_installed(self):
		settings = frappe.get_single("CRM Assign Settings")
		self.assertEqual(settings.return_visit_days, 3)
		self.assertEqual(settings.working_days, "Mon,Tue,Wed,Thu,Fri")
		self.assertEqual(settings.dormancy_days, 365)
		self.assertEqual(settings.grade_a_requires_senior, 1)

	def test_unknown_weekday_and_backwards_hours_are_refused(self):
		settings = frappe.get_single("CRM Assign Settings")
		settings.working_days = "Mon,Funday"
		self.assertRaises(SettingsError, settings.save)

		settings.reload()
		settings.work_start_time = "19:00:00"
		self.assertRaises(SettingsError, settings.save)

	def test_working_days_are_normalised_to_week_order(self):
		settings = frappe.get_single("CRM Assign Settings")
		settings.working_days = "Sat, Mon,Tue"
		settings.save()
		self.assertEqual(settings.working_days, "Mon,Tue,Sat")
