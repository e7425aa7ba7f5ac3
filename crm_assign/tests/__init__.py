"""Frappe-suite helpers. Import the test case class from here: Frappe v16 renames it."""

try:  # Frappe v16+
	from frappe.tests import IntegrationTestCase as FrappeTestCase
except ImportError:  # Frappe v15
	from frappe.tests.utils import FrappeTestCase

__all__ = ["FrappeTestCase"]


def before_tests():
	"""A fresh test site would send Desk to the setup wizard; mark it set up so the browser tests see Desk."""
	import frappe

	if frappe.db.get_default("desktop:home_page") == "setup-wizard" or not frappe.db.get_single_value(
		"System Settings", "setup_complete"
	):
		frappe.db.set_single_value("System Settings", "setup_complete", 1)
		frappe.db.set_default("desktop:home_page", "workspace")
		frappe.db.commit()  # the served site (another process) must see it
