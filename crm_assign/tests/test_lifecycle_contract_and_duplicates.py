import frappe

from crm_assign.exceptions import DuplicateCustomerError
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer


class TestContractAndDuplicateMobile(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_a_signed_framework_contract_makes_a_partner_and_is_logged(self):
		customer = make_customer("合同客户", lifecycle_stage="Deal")
		customer.contract_signed_on = "2026-11-20"
		customer.save()
		self.assertEqual(frappe.db.get_value("Managed Customer", customer.name, "lifecycle_stage"), "Partner")
		log = frappe.get_all(
			"Lifecycle Log",
			filters={"customer": customer.name, "source": "Contract"},
			fields=["from_value", "to_value"],
		)
		self.assertEqual([(row.from_value, row.to_value) for row in log], [("Deal", "Partner")])

	def test_a_mobile_number_belongs_to_one_customer(self):
		first = make_customer("手机一", mobile_no="13911112222")
		duplicate = frappe.get_doc(
			{"doctype": "Managed Customer", "customer_name": "手机二", "mobile_no": "+86 139-1111-2222"}
		)
		with self.assertRaises(DuplicateCustomerError) as caught:
			duplicate.insert()
		self.assertIn(first.name, str(caught.exception))
