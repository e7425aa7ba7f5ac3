"""The Script Reports in Desk, in headless Chromium, for an Account Manager and a Customer Manager.

Each report opens at /app/query-report/<name> with its default filters, shows rows and draws its chart, and
the Account Manager sees only their own rows (another manager's name, e-mail and customers are absent).

Needs a served site (CRM_ASSIGN_BASE_URL), like test_desk_browser; skipped without one. The data is made
through the REST API as Administrator — the paths users take, committed where the served site sees it: a
team of three Account Managers with customers, one change of owner, complaints, a first sale (which credits
a new customer) and a development quota each. With CRM_ASSIGN_SCREENSHOTS set, the pictures of the README
(PICTURES) are saved there; the Account Manager's Desk is in Chinese.

Why the charts need data: Desk draws a report's chart (`.chart-wrapper .frappe-chart`) only when the
report returns rows and the chart has labels (`query_report.js`: `data.result.length` and
`get_chart_options`); an empty site, or a fresh one still on the setup wizard, shows neither.
"""

import unittest
from datetime import date

import frappe
import requests

from crm_assign.tests import FrappeTestCase
from crm_assign.tests.test_desk_browser import (
	ADMIN_PASSWORD,
	BASE_URL,
	launch,
	log_in,
	needs_browser,
	save_screenshot,
)

# (report, screenshot file stem); every one of them draws a chart when it has rows
REPORTS = (
	("Allocation and Workload", "report-allocation-and-workload"),
	("Ownership History", "report-ownership-history"),
	("Complaint SLA", "report-complaint-sla"),
	("Visit Compliance", "report-visit-compliance"),
	("Account Manager Scorecard", "report-account-manager-scorecard"),
	("New Customer Development", "report-new-customer-development"),
)
# the pictures of the README (docs/screenshots): three department views and the Account Manager's in Chinese
PICTURES = {
	("Allocation and Workload", "customer-manager"),
	("Account Manager Scorecard", "customer-manager"),
	("Complaint SLA", "customer-manager"),
	("Ownership History", "account-manager"),
}
PASSWORD = "Report-Browser-2026!"


class ReportWorld:
	"""Three Account Managers of one team and a Customer Manager, with the records the reports count."""

	def __init__(self):
		self.stamp = frappe.generate_hash(length=6)
		self.admin = requests.Session()
		response = self.admin.post(
			f"{BASE_URL}/api/method/login", data={"usr": "Administrator", "pwd": ADMIN_PASSWORD}
		)
		response.raise_for_status()

	def insert(self, doctype: str, doc: dict) -> dict:
		response = self.admin.post(f"{BASE_URL}/api/resource/{doctype}", json=doc)
		if response.status_code != 200:
			raise AssertionError(f"{doctype}: {response.status_code} {response.text[:500]}")
		return response.json()["data"]

	def user(self, key: str, first_name: str, role: str, language: str = "en") -> str:
		email = f"report-browser-{key}-{self.stamp}@test.crm-assign.example"
		self.insert(
			"User",
			{
				"email": email,
				"first_name": first_name,
				"language": language,
				"new_password": PASSWORD,
				"send_welcome_email": 0,
				"roles": [{"role": role}],
			},
		)
		return email

	def build(self) -> "ReportWorld":
		t = self.stamp
		self.team = self.insert("Service Team", {"team_name": f"报表浏览器组{t}"})["name"]
		self.names = {"a": f"甲经理{t}", "b": f"乙经理{t}", "c": f"丙经理{t}"}
		self.managers = {}
		for key in ("a", "b", "c"):
			email = self.user(key, self.names[key], "Account Manager", "zh" if key == "a" else "en")
			self.insert(
				"Account Manager",
				{"user": email, "service_team": self.team, "capacity": 20, "level": "Senior"},
			)
			self.managers[key] = email
		self.department = self.user("department", f"客户部{t}", "Customer Manager")

		self.customers = {"a": [], "b": []}
		for key in ("a", "b"):
			for i, grade in enumerate(("A", "B", "C")):
				customer = self.insert(
					"Managed Customer",
					{
						"customer_name": f"报表{key.upper()}客户{i}{t}",
						"account_manager": self.managers[key],
						"grade": grade,
						"pin_owner": 1,
					},
				)
				self.customers[key].append(customer["name"])
		# a change of owner: c's customer goes to a (Ownership History shows it to a, never to b)
		moved = self.insert(
			"Managed Customer",
			{"customer_name": f"报表转交客户{t}", "account_manager": self.managers["c"], "pin_owner": 1},
		)["name"]
		response = self.admin.put(
			f"{BASE_URL}/api/resource/Managed Customer/{moved}", json={"account_manager": self.managers["a"]}
		)
		assert response.status_code == 200, response.text[:500]

		today, month = date.today(), date.today().replace(day=1)
		for key in ("a", "b"):
			first = self.customers[key][0]
			self.insert(
				"Customer Complaint",
				{
					"subject": f"报表投诉{key.upper()}{t}",
					"customer": first,
					"status": "New",
					"severity": "Medium",
					"category": "Service",
					"opened_on": f"{today} 09:30:00",
					"description": f"浏览器报表测试投诉 {t}",
				},
			)
			self.insert(
				"Customer Transaction",
				{
					"customer": first,
					"transaction_type": "Sale",
					"transaction_date": str(today),
					"amount": 5000 if key == "a" else 3000,
					"docstatus": 1,
				},
			)
			self.insert(
				"Development Quota",
				{
					"account_manager": self.managers[key],
					"department_type": "Channel Sales",
					"month": str(month),
				},
			)
		return self

	def forbidden_for_a(self) -> list[str]:
		"""What Account Manager a must never see: b's name, e-mail and customers."""
		return [self.names["b"], self.managers["b"], f"报表B客户0{self.stamp}", f"报表B客户1{self.stamp}"]


@needs_browser
class TestReportsInBrowser(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.world = ReportWorld().build()

	def test_each_report_opens_with_rows_and_chart_for_account_and_customer_manager(self):
		from playwright.sync_api import sync_playwright

		w = self.world
		errors: list[str] = []
		with sync_playwright() as playwright:
			browser = launch(playwright)
			try:
				for role, user in (("account-manager", w.managers["a"]), ("customer-manager", w.department)):
					page = log_in(browser, user, PASSWORD, errors, height=1000)
					for report, stem in REPORTS:
						with self.subTest(report=report, role=role):
							self.open_report(page, report)
							text = self.report_text(page)
							if role == "account-manager":
								for absent in w.forbidden_for_a():
									self.assertNotIn(absent, text, f"{report}: {absent}")
								self.assertTrue(
									w.names["a"] in text or w.managers["a"] in text or "报表A客户" in text,
									f"{report}: a's own rows",
								)
							if (report, role) in PICTURES:
								save_screenshot(page, f"{stem}-{role}.png")
					if role == "customer-manager":
						self.open_report(page, "Allocation and Workload", service_team=w.team)
						text = self.report_text(page)
						for key in ("a", "b", "c"):
							self.assertIn(w.names[key], text)
					page.close()
			finally:
				browser.close()
		self.assertEqual(errors, [])

	# ---- helpers ----
	def open_report(self, page, report: str, **filters) -> None:
		"""Open the report and wait for its rows and for the chart drawn above them."""
		query = "&".join(f"{key}={value}" for key, value in filters.items())
		page.goto(f"/app/query-report/{report}" + (f"?{query}" if query else ""))
		page.locator(".dt-scrollable .dt-row").first.wait_for(timeout=60_000)
		page.locator(".chart-wrapper .frappe-chart").first.wait_for(timeout=30_000)
		page.wait_for_timeout(1200)  # the chart's entry animation

	def report_text(self, page) -> str:
		return page.locator(".dt-scrollable").inner_text() + page.locator(".chart-wrapper").inner_text()
