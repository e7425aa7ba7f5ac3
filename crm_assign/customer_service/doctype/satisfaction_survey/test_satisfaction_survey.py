import json
import os
import unittest
from urllib.parse import parse_qs, urlparse

import frappe
import requests
from frappe.tests.utils import change_settings
from frappe.website.doctype.web_form.web_form import accept

from crm_assign.exceptions import SurveyTokenError
from crm_assign.services.service_desk.survey import survey_link
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer

BASE_URL = os.environ.get("CRM_ASSIGN_BASE_URL")


def token_of(link: str) -> str:
	return parse_qs(urlparse(link).query)["token"][0]


def answer_as_guest(token: str, stars: int, comment: str = ""):
	"""Submit the public web form exactly as the browser does, as Guest."""
	frappe.set_user("Guest")
	try:
		return accept(
			"customer-satisfaction", json.dumps({"token": token, "rating": stars / 5, "comment": comment})
		)
	finally:
		frappe.set_user("Administrator")


class TestSatisfactionSurvey(FrappeTestCase):
	def setUp(self):
		settings = change_settings("CRM Assign Settings", auto_assign_on_insert=0)
		settings.__enter__()
		self.addCleanup(settings.__exit__, None, None, None)

	def test_completed_visit_gets_a_link_and_the_answer_lands_on_the_visit(self):
		customer = make_customer("满意度客户", email_id="survey@example.com")
		visit = frappe.get_doc(
			{"doctype": "Customer Visit", "customer": customer.name, "planned_start": "2026-12-09 10:00:00"}
		).insert()
		visit.status = "Completed"
		visit.save()
		link = frappe.db.get_value("Customer Visit", visit.name, "survey_link")
		self.assertIn("/customer-satisfaction/new?token=", link)
		answer_as_guest(token_of(link), 4, "接待很周到")
		values = frappe.db.get_value(
			"Customer Visit",
			visit.name,
			["satisfaction", "survey_comment", "survey_submitted_on"],
			as_dict=True,
		)
		self.assertAlmostEqual(values.satisfaction, 0.8)
		self.assertEqual(values.survey_comment, "接待很周到")
		self.assertIsNotNone(values.survey_submitted_on)
		survey = frappe.get_last_doc("Satisfaction Survey", {"reference_name": visit.name})
		self.assertEqual((survey.reference_doctype, survey.customer), ("Customer Visit", customer.name))
		self.assertFalse(survey.token)  # the token is not kept

		self.assertRaises(SurveyTokenError, answer_as_guest, token_of(link), 1)  # once only

	def test_resolved_complaint_is_surveyed_and_can_then_be_closed(self):
		customer = make_customer("投诉满意度客户")
		complaint = frappe.get_doc(
			{
				"doctype": "Customer Complaint",
				"subject": "发票错误",
				"customer": customer.name,
				"description": "发票抬头错误",
			}
		).insert()
		complaint.update({"status": "Resolved", "resolution": "已重开发票"})
		complaint.save()
		link = frappe.db.get_value("Customer Complaint", complaint.name, "survey_link")
		answer_as_guest(token_of(link), 5)
		complaint.reload()
		self.assertEqual(complaint.satisfaction, 1)
		complaint.status = "Closed"
		complaint.save()  # the customer's rating satisfies the closing rule

	def test_forged_or_foreign_tokens_are_refused(self):
		customer = make_customer("伪造链接客户")
		visit = frappe.get_doc(
			{"doctype": "Customer Visit", "customer": customer.name, "planned_start": "2026-12-09 14:00:00"}
		).insert()
		token = token_of(survey_link("Customer Visit", visit.name))
		payload, signature = token.split(".")
		self.assertRaises(SurveyTokenError, answer_as_guest, f"{payload}x.{signature}", 5)
		self.assertRaises(SurveyTokenError, answer_as_guest, "", 5)
		self.assertRaises(
			SurveyTokenError, answer_as_guest, token_of(survey_link("User", "Administrator")), 5
		)
		self.assertRaises(SurveyTokenError, answer_as_guest, token, 0)  # no stars
		self.assertEqual(frappe.db.get_value("Customer Visit", visit.name, "satisfaction"), 0)


@unittest.skipUnless(BASE_URL, "CRM_ASSIGN_BASE_URL not set: no served site to fetch the survey page from")
class TestSurveyPageOverHttp(FrappeTestCase):
	def test_the_public_page_refuses_a_forged_link_without_login(self):
		response = requests.get(f"{BASE_URL}/customer-satisfaction/new?token=forged.token", timeout=30)
		self.assertIn("This survey link is not valid.", response.text)

	def test_the_public_form_needs_no_login(self):
		response = requests.get(f"{BASE_URL}/customer-satisfaction/new", timeout=30)
		self.assertNotIn("/login", response.url)
