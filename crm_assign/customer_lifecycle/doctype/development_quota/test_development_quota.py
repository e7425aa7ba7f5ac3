import frappe

from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_manager


class TestDevelopmentQuota(FrappeTestCase):
	def test_month_is_normalised_and_quota_defaults_by_department(self):
		manager = make_manager("quota-owner")
		quota = frappe.get_doc(
			{
				"doctype": "Development Quota",
				"account_manager": manager.name,
				"department_type": "E-commerce",
				"month": "2026-11-17",
			}
		).insert()
		self.assertEqual(str(quota.month), "2026-11-01")
		self.assertEqual(quota.quota, 10)

	def test_one_quota_per_person_and_month(self):
		manager = make_manager("quota-unique")
		values = {
			"doctype": "Development Quota",
			"account_manager": manager.name,
			"department_type": "Terminal",
			"month": "2026-10-01",
		}
		frappe.get_doc(values).insert()
		self.assertRaises(
			frappe.DuplicateEntryError, frappe.get_doc({**values, "month": "2026-10-20"}).insert
		)
