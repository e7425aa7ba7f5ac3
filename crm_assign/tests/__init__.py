"""Frappe-suite helpers. Import the test case class from here: Frappe v16 renames it."""

try:  # Frappe v16+
	from frappe.tests import IntegrationTestCase as FrappeTestCase
except ImportError:  # Frappe v15
	from frappe.tests.utils import FrappeTestCase

__all__ = ["FrappeTestCase"]


TEST_SYSTEM_SETTINGS = {"language": "en", "time_zone": "Asia/Shanghai", "country": "China", "currency": "CNY"}


def before_tests():
	"""Complete a test site's set-up, as Frappe's own `before_tests` does when it is the only app.

	With another app installed Frappe leaves the set-up to the apps' hooks, so this one fills what the setup
	wizard would: language, time zone, country and currency when they are empty (Frappe's own tests save
	System Settings, whose language and time zone are mandatory), the standard users' time zone, and the
	Desk home page, so the browser tests see Desk and not the setup wizard."""
	import frappe

	frappe.clear_cache()
	settings = frappe.get_single("System Settings")
	missing = {field: value for field, value in TEST_SYSTEM_SETTINGS.items() if not settings.get(field)}
	if missing or not settings.setup_complete:
		settings.update(missing)
		settings.setup_complete = 1
		settings.save()
		for user in frappe.STANDARD_USERS:
			if not frappe.db.get_value("User", user, "time_zone"):
				frappe.db.set_value("User", user, "time_zone", settings.time_zone)
	if frappe.db.get_default("desktop:home_page") in (None, "", "setup-wizard"):
		frappe.db.set_default("desktop:home_page", "workspace")
	frappe.db.commit()  # the served site (another process) must see it
	frappe.clear_cache()
