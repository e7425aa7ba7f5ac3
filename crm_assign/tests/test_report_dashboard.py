"""Dashboard of the Customer Assignment workspace: charts and cards exist once, and count per user."""

import json

import frappe
from frappe.desk.doctype.number_card.number_card import get_result

from crm_assign.setup.dashboard import CHARTS, NUMBER_CARDS, create_dashboard
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.report_factories import as_user, insert_row, report_world
from crm_assign.tests.utils import make_customer


class TestReportDashboard(FrappeTestCase):
	def test_cards_and_charts_are_created_once_and_on_the_workspace(self):
		create_dashboard()
		create_dashboard()
		for card in NUMBER_CARDS:
			self.assertEqual(frappe.db.count("Number Card", {"name": card["name"]}), 1)
		for chart in CHARTS:
			self.assertEqual(frappe.db.count("Dashboard Chart", {"name": chart["name"]}), 1)
		workspace = frappe.get_doc("Workspace", "Customer Assignment")
		blocks = json.loads(workspace.content)
		on_page = {b["data"].get("chart_name") or b["data"].get("number_card_name") for b in blocks}
		self.assertTrue({c["name"] for c in (*NUMBER_CARDS, *CHARTS)} <= on_page)
		self.assertEqual({c.chart_name for c in workspace.charts}, {c["name"] for c in CHARTS})

	def test_overdue_return_visits_card_counts_each_managers_own(self):
		w = report_world()
		customers = {
			m: make_customer(f"看板客户{i}", account_manager=m).name for i, m in enumerate((w.a, w.b))
		}
		for manager, count in ((w.a, 2), (w.b, 1)):
			for _ in range(count):
				insert_row(
					"Customer Visit",
					customer=customers[manager],
					account_manager=manager,
					visit_type="Return Visit",
					status="Scheduled",
					planned_start="2026-11-01 10:00:00",
					return_visit_due="2026-11-02",
					is_overdue=1,
				)
		card = frappe.get_doc("Number Card", "Overdue Return Visits")
		self.assertEqual(as_user(w.a, get_result, card, None), 2)
		self.assertEqual(as_user(w.b, get_result, card, None), 1)
		self.assertEqual(as_user(w.leader, get_result, card, None), 3)
		self.assertEqual(as_user(w.c, get_result, card, None), 0)

	def test_group_by_chart_shows_select_values_translated(self):
		from crm_assign.permissions.overrides import dashboard_chart_get

		make_customer("图表翻译客户", lifecycle_stage="Deal", status="Active")
		previous = frappe.local.lang
		frappe.local.lang = "zh"
		try:
			labels = dashboard_chart_get(chart_name="Customers by Lifecycle Stage", refresh=1)["labels"]
		finally:
			frappe.local.lang = previous
		self.assertIn("成交", labels)
		self.assertNotIn("Deal", labels)
