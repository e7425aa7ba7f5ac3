import frappe

from crm_assign.exceptions import VisitTimeError
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager


class TestCustomerVisit(FrappeTestCase):
	def test_host_defaults_to_the_customer_owner(self):
		manager = make_manager("visit-host")
		customer = make_customer("拜访测试客户", account_manager=manager.name)
		visit = frappe.get_doc(
			{"doctype": "Customer Visit", "customer": customer.name, "planned_start": "2026-11-02 10:00:00"}
		).insert()
		self.assertEqual(visit.account_manager, manager.name)
		self.assertTrue(visit.name.startswith("VIS-"))

	def test_end_before_start_is_refused(self):
		customer = make_customer("时间错误客户")
		visit = frappe.get_doc(
			{
				"doctype": "Customer Visit",
				"customer": customer.name,
				"planned_start": "2026-11-02 10:00:00",
				"planned_end": "2026-11-02 09:00:00",
			}
		)
		self.assertRaises(VisitTimeError, visit.insert)

	def test_completing_stamps_completed_on(self):
		customer = make_customer("完成拜访客户")
		visit = frappe.get_doc(
			{"doctype": "Customer Visit", "customer": customer.name, "planned_start": "2026-11-02 10:00:00"}
		).insert()
		self.assertIsNone(visit.completed_on)
		visit.status = "Completed"
		visit.save()
		self.assertIsNotNone(visit.completed_on)
