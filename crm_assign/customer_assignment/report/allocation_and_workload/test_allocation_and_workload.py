import frappe

from crm_assign.core.allocation import gini
from crm_assign.customer_assignment.report.allocation_and_workload.allocation_and_workload import execute
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.report_factories import TEAM, as_user, assert_rows_per_role, report_world
from crm_assign.tests.utils import make_customer


def run(user, **filters):
	return as_user(user, execute, frappe._dict(filters))


def rows_by_manager(user, **filters):
	_columns, data, _message, chart, summary = run(user, **filters)
	return {row["account_manager"]: row for row in data}, chart, summary


class TestAllocationAndWorkload(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.db.set_single_value(
			"CRM Assign Settings",
			{"use_grade_weights": 1, "grade_a_weight": 3, "grade_b_weight": 2, "grade_c_weight": 1},
		)
		frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")
		cls.w = report_world()
		w = cls.w
		# (owner, grade, region, required skills)
		cls.customers = [
			(w.a, "A", "报表甲市", ["报表技能一"]),
			(w.a, "B", "报表乙市", ["报表技能二"]),
			(w.a, "C", None, []),
			(w.b, "B", "报表甲市", []),
			(w.b, "C", "报表乙市", ["报表技能一"]),
			(w.b, "C", "报表乙市", []),
			(w.c, "A", "报表甲市", []),
		]
		for i, (owner, grade, region, skills) in enumerate(cls.customers):
			make_customer(
				f"报表客户{i}",
				account_manager=owner,
				grade=grade,
				service_region=region,
				required_skills=[{"skill": s} for s in skills],
			)
		cls.capacity = {w.a: 4, w.b: 2, w.c: 5}
		cls.skills = {w.a: {"报表技能一"}, w.b: set(), w.c: set()}
		cls.served = {w.a: {"报表甲市", "报表乙市"}, w.b: {"报表乙市"}, w.c: set()}

	def expected(self, manager):
		mine = [c for c in self.customers if c[0] == manager]
		weights = {"A": 3, "B": 2, "C": 1}
		return {
			"grade_a": sum(1 for c in mine if c[1] == "A"),
			"grade_b": sum(1 for c in mine if c[1] == "B"),
			"grade_c": sum(1 for c in mine if c[1] == "C"),
			"customers": len(mine),
			"weighted_load": float(sum(weights[c[1]] for c in mine)),
			"capacity": self.capacity[manager],
			"utilisation": round(100 * len(mine) / self.capacity[manager], 1),
			"skill_match": round(100 * sum(set(c[3]) <= self.skills[manager] for c in mine) / len(mine), 1),
			"same_region": round(100 * sum(c[2] in self.served[manager] for c in mine) / len(mine), 1),
		}

	def assert_row(self, row, manager):
		for field, value in self.expected(manager).items():
			self.assertAlmostEqual(row[field], value, places=1, msg=f"{manager} {field}")

	def test_department_sees_every_manager_with_figures_and_gini(self):
		w = self.w
		rows, chart, summary = rows_by_manager(w.department)
		for manager in (w.a, w.b, w.c):
			self.assert_row(rows[manager], manager)
		rows, chart, summary = rows_by_manager(w.department, service_team=TEAM)
		self.assertEqual(set(rows), {w.a, w.b})
		ratios = [3 / 4, 3 / 2]
		values = {s["label"]: s["value"] for s in summary}
		self.assertAlmostEqual(values["Gini of Load/Capacity"], round(gini(ratios), 3), places=3)
		self.assertEqual(values["Customers"], 6)
		self.assertEqual(values["Capacity"], 6)
		labels = chart["data"]["labels"]
		self.assertEqual(len(labels), 2)
		self.assertEqual([d["values"] for d in chart["data"]["datasets"]][1], [rows[w.b]["capacity"], 4])

	def test_account_manager_sees_only_own_row(self):
		w = self.w
		rows, _chart, summary = rows_by_manager(w.a)
		self.assertEqual(set(rows), {w.a})
		self.assert_row(rows[w.a], w.a)
		self.assertEqual({s["label"]: s["value"] for s in summary}["Customers"], 3)

	def test_team_leader_sees_team_and_team_totals(self):
		w = self.w
		assert_rows_per_role(self, run, {w.leader: {w.a, w.b}, w.other_leader: {w.c}, w.b: {w.b}})
		_cols, data, *_ = as_user(w.leader, execute, frappe._dict(group_by="Service Team"))
		self.assertEqual(len(data), 1)
		team = data[0]
		self.assertEqual(team["service_team"], TEAM)
		self.assertEqual(team["customers"], 6)
		self.assertEqual(team["capacity"], 6)
		self.assertEqual(team["utilisation"], 100.0)
		self.assertEqual(team["grade_a"], 1)

	def test_by_region_counts_customers_where_they_are(self):
		w = self.w
		_cols, data, *_ = as_user(
			w.department, execute, frappe._dict(group_by="Service Region", service_region="报表省")
		)
		by_region = {row["service_region"]: row for row in data}
		self.assertEqual(by_region["报表甲市"]["customers"], 3)
		self.assertEqual(by_region["报表甲市"]["managers"], 3)
		self.assertEqual(by_region["报表乙市"]["customers"], 3)
		self.assertNotIn("utilisation", by_region["报表乙市"])
