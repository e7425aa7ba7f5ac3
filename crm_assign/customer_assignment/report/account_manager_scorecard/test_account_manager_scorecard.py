import frappe

from crm_assign.customer_assignment.report.account_manager_scorecard.account_manager_scorecard import execute
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.report_factories import as_user, assert_rows_per_role, insert_row, report_world
from crm_assign.tests.utils import make_customer

WEIGHTS = {  # Scorecard Settings defaults
	"satisfaction": 15,
	"retention": 15,
	"repeat_purchase": 10,
	"sales_attainment": 25,
	"complaint_sla": 10,
	"visit_compliance": 15,
	"data_completeness": 10,
}


def run(user, **filters):
	return as_user(
		user, execute, frappe._dict({"from_date": "2026-11-01", "to_date": "2026-11-30", **filters})
	)


def score(figures: dict) -> float:
	used = {k: v for k, v in figures.items() if v is not None}
	return round(sum(WEIGHTS[k] * min(v, 100) for k, v in used.items()) / sum(WEIGHTS[k] for k in used), 1)


class TestAccountManagerScorecard(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = report_world()
		s1 = make_customer("评分客户一", account_manager=w.a, source_channel="Referral").name
		s2 = make_customer("评分客户二", account_manager=w.a).name
		s3 = make_customer("评分客户三", account_manager=w.b).name
		for name, completeness in ((s1, 80), (s2, 60), (s3, 90)):
			# created in the period whatever today is: the referral counts by date of creation
			frappe.db.set_value(
				"Managed Customer",
				name,
				{"data_completeness": completeness, "creation": "2026-11-02 10:00:00"},
				update_modified=False,
			)
		for manager, month, amount in (
			(w.a, "2026-11-01", 1000),
			(w.b, "2026-11-01", 500),
			(w.a, "2026-12-01", 9),
		):
			insert_row("Sales Target", account_manager=manager, month=month, target_amount=amount)

		def sale(customer, manager, day, amount, kind="Sale"):
			insert_row(
				"Customer Transaction",
				customer=customer,
				account_manager=manager,
				transaction_type=kind,
				transaction_date=day,
				amount=amount,
				docstatus=1,
			)

		sale(s1, w.a, "2026-03-01", 50)  # before the period: s1 and s2 count for retention
		sale(s2, w.a, "2026-02-01", 50)
		sale(s1, w.a, "2026-11-05", 600)
		sale(s1, w.a, "2026-11-10", 200)
		sale(s1, w.a, "2026-11-12", 100, "Return")
		sale(s3, w.b, "2026-11-03", 300)
		insert_row(
			"Customer Visit",
			customer=s1,
			account_manager=w.a,
			status="Completed",
			planned_start="2026-11-16 09:00:00",
			completed_on="2026-11-16 10:00:00",
			satisfaction=0.8,
		)
		insert_row(
			"Customer Complaint",
			subject="评分投诉",
			customer=s1,
			account_manager=w.a,
			status="Closed",
			opened_on="2026-11-16 09:00:00",
			resolved_on="2026-11-16 11:00:00",
			resolution_by="2026-11-16 17:00:00",
			satisfaction=0.6,
		)
		cls.expected = {
			w.a: {
				"satisfaction": 70.0,  # (0.8 + 0.6) / 2 of 5 stars
				"retention": 50.0,  # s1 bought again, s2 did not
				"repeat_purchase": 100.0,  # s1 bought twice in the period
				"sales_attainment": 70.0,  # (600 + 200 - 100) / 1000
				"complaint_sla": 100.0,
				"visit_compliance": None,
				"data_completeness": 70.0,
			},
			w.b: {
				"satisfaction": None,
				"retention": None,
				"repeat_purchase": 0.0,
				"sales_attainment": 60.0,
				"complaint_sla": None,
				"visit_compliance": None,
				"data_completeness": 90.0,
			},
		}

	def test_figures_score_and_rank_for_the_department(self):
		w = self.w
		_cols, data, _m, chart, summary = run(self.w.department, service_team=w.team)
		rows = {r.account_manager: r for r in data}
		self.assertEqual(set(rows), {w.a, w.b})
		for manager, figures in self.expected.items():
			for field, value in figures.items():
				self.assertEqual(rows[manager][field], value, f"{manager} {field}")
			self.assertEqual(rows[manager].score, score(figures))
		self.assertEqual((rows[w.a].net_sales, rows[w.a].sales_target), (700, 1000))
		self.assertEqual((rows[w.a].referrals, rows[w.a].complaints), (1, 1))
		self.assertEqual((rows[w.a].rank_in_team, rows[w.b].rank_in_team), (1, 2))
		values = {s["label"]: s["value"] for s in summary}
		self.assertEqual(values["Net Sales"], 1000)
		self.assertEqual(values["Sales Target"], 1500)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [rows[w.a].score, rows[w.b].score])

	def test_rows_per_role(self):
		w = self.w
		assert_rows_per_role(self, run, {w.a: {w.a}, w.b: {w.b}, w.c: {w.c}, w.leader: {w.a, w.b}})
		for manager in (w.a, w.b):
			_cols, data, *_ = run(manager)
			self.assertEqual(data[0].score, score(self.expected[manager]))
		_cols, data, *_ = run(w.c)
		self.assertEqual(data[0].net_sales, 0)
