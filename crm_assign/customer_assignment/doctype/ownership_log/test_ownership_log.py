import frappe

from crm_assign.exceptions import AppendOnlyError
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager


class TestOwnershipLog(FrappeTestCase):
	def test_rows_cannot_be_changed_or_deleted_even_by_administrator(self):
		manager = make_manager("log-owner")
		customer = make_customer("日志测试客户", account_manager=manager.name)
		log = frappe.get_last_doc("Ownership Log", filters={"customer": customer.name})

		log.reason = "rewritten history"
		self.assertRaises(AppendOnlyError, log.save)
		self.assertRaises(AppendOnlyError, frappe.delete_doc, "Ownership Log", log.name)
		self.assertTrue(frappe.db.exists("Ownership Log", log.name))

	def test_no_role_may_create_write_or_delete_through_permissions(self):
		for perm in frappe.get_meta("Ownership Log").permissions:
			self.assertFalse(perm.create or perm.write or perm.delete, perm.role)
