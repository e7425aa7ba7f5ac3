import frappe

from crm_assign.exceptions import ComplaintClosingError
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager


def make_complaint(customer, **values):
	return frappe.get_doc(
		{
			"doctype": "Customer Complaint",
			"subject": "发货延迟",
			"customer": customer,
			"description": "客户反映发货延迟三天",
			**values,
		}
	).insert()


class TestCustomerComplaint(FrappeTestCase):
	def test_responsible_person_defaults_to_the_owner(self):
		manager = make_manager("complaint-owner")
		customer = make_customer("投诉测试客户", account_manager=manager.name)
		complaint = make_complaint(customer.name)
		self.assertEqual(complaint.responsible_person, manager.user)
		self.assertEqual(complaint.status, "New")

	def test_closing_needs_resolution_and_satisfaction_or_reason(self):
		customer = make_customer("关闭投诉客户")
		name = make_complaint(customer.name).name

		def close(**values):
			complaint = frappe.get_doc("Customer Complaint", name)
			complaint.update({"status": "Closed", **values})
			complaint.save()

		self.assertRaises(ComplaintClosingError, close)
		self.assertRaises(ComplaintClosingError, close, resolution="已补发货物")
		close(resolution="已补发货物", no_satisfaction_reason="客户未回复")
		self.assertEqual(frappe.db.get_value("Customer Complaint", name, "status"), "Closed")

	def test_response_before_opening_is_refused(self):
		customer = make_customer("时间倒置客户")
		complaint = make_complaint(customer.name, opened_on="2026-11-02 10:00:00")
		complaint.reload()
		complaint.first_responded_on = "2026-11-01 10:00:00"
		self.assertRaises(frappe.ValidationError, complaint.save)
