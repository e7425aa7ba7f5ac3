"""Frappe-suite helpers. Import the test case class from here: Frappe v16 renames it."""

try:  # Frappe v16+
	from frappe.tests import IntegrationTestCase as FrappeTestCase
except ImportError:  # Frappe v15
	from frappe.tests.utils import FrappeTestCase

__all__ = ["FrappeTestCase"]
