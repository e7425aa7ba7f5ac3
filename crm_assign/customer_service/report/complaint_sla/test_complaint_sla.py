import frappe

from crm_assign.customer_service.report.complaint_sla.complaint_sla import execute
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.report_factories import as_user, assert_rows_per_role, insert_row, report_world
from crm_assign.tests.utils import make_customer, make_service_calendar

CALENDAR = "报表测试日历"  # Mon-Fri 09:00-12:00 and 13:30-18:00, no holidays


def run(user, **filters):
	filters.setdefault("from_date", "2026-11-01")
	filters.setdefault("to_date", "2026-11-30")
	return as_user(user, execute, frappe._dict(filters))


class TestComplaintSla(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = report_world()
		make_service_calendar(CALENDAR)
		frappe.db.set_single_value("CRM Assign Settings", "service_calendar", CALENDAR)
		frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")
		customers = {
			m: make_customer(f"投诉报表客户{i}", account_manager=m) for i, m in enumerate((w.a, w.b, w.c))
		}

		def complaint(manager, **values):
			customer = customers[manager]
			return insert_row(
				"Customer Complaint",
				subject="报表测试投诉",
				customer=customer.name,
				customer_name=customer.customer_name,
				account_manager=manager,
				responsible_person=manager,
				**values,
			)

		cls.c1 = complaint(
			w.a,
			severity="High",
			category="Product",
			status="Closed",
			opened_on="2026-11-16 09:00:00",
			first_responded_on="2026-11-16 10:00:00",  # 1 working hour
			response_by="2026-11-16 11:00:00",
			resolved_on="2026-11-16 15:30:00",  # 3 + 2 = 5 working hours
			resolution_by="2026-11-16 17:00:00",
			satisfaction=0.8,
		)
		cls.c2 = complaint(
			w.a,
			severity="Critical",
			category="Delivery",
			status="In Progress",
			opened_on="2026-11-16 09:00:00",
			first_responded_on="2026-11-17 09:00:00",  # 7.5 working hours, late
			response_by="2026-11-16 10:00:00",
			resolution_by="2026-11-18 09:00:00",  # not resolved and past due: late
			escalation_level=2,
		)
		cls.c3 = complaint(
			w.b,
			severity="High",
			category="Product",
			status="Resolved",
			opened_on="2026-11-17 13:30:00",
			first_responded_on="2026-11-17 14:00:00",  # 0.5 h
			response_by="2026-11-17 15:30:00",
			resolved_on="2026-11-18 10:00:00",  # 4.5 + 1 = 5.5 h
			resolution_by="2026-11-18 12:00:00",
			satisfaction=0.6,
		)
		cls.c4 = complaint(
			w.c,
			severity="Low",
			category="Other",
			status="New",
			opened_on="2026-11-23 09:00:00",
			response_by="2099-12-30 09:00:00",
			resolution_by="2099-12-31 09:00:00",
		)

	def test_department_figures_per_responsible_person_and_weekly_trend(self):
		w = self.w
		_cols, data, _m, chart, _summary = run(w.department)
		rows = {r["responsible_person"]: r for r in data}
		a, b, c = rows[w.a], rows[w.b], rows[w.c]
		self.assertEqual(
			(a["complaints"], a["open"], a["response_met"], a["response_met_pct"]), (2, 1, 1, 50.0)
		)
		self.assertEqual(
			(a["resolution_met"], a["resolution_met_pct"], a["breached"], a["escalated"]), (1, 50.0, 1, 1)
		)
		self.assertAlmostEqual(a["avg_response_hours"], (1 + 7.5) / 2)
		self.assertAlmostEqual(a["avg_resolution_hours"], 5.0)
		self.assertAlmostEqual(a["avg_satisfaction"], 4.0)
		self.assertEqual((b["response_met_pct"], b["resolution_met_pct"], b["breached"]), (100.0, 100.0, 0))
		self.assertAlmostEqual(b["avg_response_hours"], 0.5)
		self.assertAlmostEqual(b["avg_resolution_hours"], 5.5)
		self.assertEqual((c["complaints"], c["open"], c["response_met_pct"], c["breached"]), (1, 1, None, 0))
		self.assertEqual(a["person_name"], frappe.db.get_value("User", w.a, "full_name"))  # beside the ID
		mine = ("2026-11-16", "2026-11-23")
		labels = chart["data"]["labels"]
		for week, opened, breached in ((mine[0], 3, 1), (mine[1], 1, 0)):
			i = labels.index(week)
			self.assertGreaterEqual(chart["data"]["datasets"][0]["values"][i], opened)
			self.assertGreaterEqual(chart["data"]["datasets"][1]["values"][i], breached)
		_cols, data, *_ = run(w.department, group_by="Severity", service_team=w.team)
		by_severity = {r["severity"]: r["complaints"] for r in data}
		self.assertEqual(by_severity, {"High": 2, "Critical": 1})

	def test_each_role_counts_only_its_complaints(self):
		w = self.w
		expected = {w.a: 2, w.b: 1, w.c: 1, w.leader: 3}
		for user, count in expected.items():
			_cols, data, _m, chart, summary = run(user)
			self.assertEqual(sum(r["complaints"] for r in data), count, user)
			self.assertEqual({s["label"]: s["value"] for s in summary}["Complaints"], count)
		people = {w.a: {w.a}, w.b: {w.b}, w.c: {w.c}, w.leader: {w.a, w.b}}
		assert_rows_per_role(self, run, people, key="responsible_person")
		_cols, data, _m, chart, summary = run(w.a)
		self.assertEqual(chart["data"]["labels"], ["2026-11-16"])
		self.assertEqual(chart["data"]["datasets"][1]["values"], [1])
		self.assertEqual({s["label"]: s["value"] for s in summary}["Breached"], 1)
