import frappe

from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer


class TestAdmissionApplication(FrappeTestCase):
	def test_total_score_and_score_above_maximum(self):
		customer = make_customer("准入测试客户")
		application = frappe.get_doc(
			{
				"doctype": "Admission Application",
				"customer": customer.name,
				"criteria": [
					{"criterion": "Financial Strength", "score": 18, "max_score": 20},
					{"criterion": "Credit", "score": 15, "max_score": 20},
				],
			}
		).insert()
		self.assertEqual(application.total_score, 33)

		application.criteria[0].score = 25
		self.assertRaises(frappe.ValidationError, application.save)
