import frappe
from frappe.utils import add_days

from crm_assign.customer_service.report.visit_compliance.visit_compliance import execute
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.report_factories import as_user, assert_rows_per_role, insert_row, report_world
from crm_assign.tests.utils import make_customer

AS_OF = "2026-11-26"


def run(user, **filters):
	filters = {"from_date": "2026-11-01", "to_date": "2026-12-31", "as_of": AS_OF, **filters}
	return as_user(user, execute, frappe._dict(filters))


class TestVisitCompliance(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = report_world()
		frappe.db.set_single_value(
			"CRM Assign Settings",
			{"visit_days_grade_a": 30, "visit_days_grade_b": 90, "visit_days_grade_c": 180},
		)
		frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")

		def customer(label, owner, grade, assigned_days_ago):
			doc = make_customer(f"拜访报表客户{label}", account_manager=owner, grade=grade, status="Active")
			frappe.db.set_value(
				"Managed Customer", doc.name, "assigned_on", add_days(AS_OF, -assigned_days_ago)
			)
			return doc.name

		def visit(customer_name, owner, **values):
			return insert_row(
				"Customer Visit",
				customer=customer_name,
				account_manager=owner,
				planned_start=values.pop("planned_start", "2026-11-01 10:00:00"),
				**values,
			)

		k1 = customer("一", w.a, "A", 400)
		k2 = customer("二", w.a, "A", 400)
		customer("三", w.a, "C", 200)  # never visited for 200 days: overdue (180)
		k4 = customer("四", w.a, "B", 100)
		k5 = customer("五", w.b, "A", 400)
		customer("六", w.c, "A", 5)
		k7 = customer("七", w.b, "C", 10)
		visit(k1, w.a, status="Completed", completed_on=f"{add_days(AS_OF, -40)} 10:00:00")  # overdue (30)
		visit(k2, w.a, status="Completed", completed_on=f"{add_days(AS_OF, -10)} 10:00:00")
		visit(k4, w.a, status="Scheduled", planned_start="2026-12-01 10:00:00")  # planned: not due
		visit(k5, w.b, status="Completed", completed_on=f"{add_days(AS_OF, -31)} 10:00:00")  # overdue
		rv = {"visit_type": "Return Visit"}
		visit(
			k2,
			w.a,
			status="Completed",
			return_visit_due="2026-11-20",
			completed_on="2026-11-19 10:00:00",
			**rv,
		)
		visit(
			k2,
			w.a,
			status="Completed",
			return_visit_due="2026-11-20",
			completed_on="2026-11-21 10:00:00",
			**rv,
		)
		visit(k2, w.a, status="Scheduled", return_visit_due="2026-11-20", **rv)  # missing
		visit(k2, w.a, status="Scheduled", return_visit_due="2026-12-10", **rv)  # not yet due
		visit(k2, w.a, status="Cancelled", return_visit_due="2026-11-20", **rv)  # not counted
		visit(
			k7,
			w.b,
			status="Completed",
			return_visit_due="2026-11-18",
			completed_on="2026-11-18 17:00:00",
			**rv,
		)
		visit(k5, w.c, status="No Show", return_visit_due="2026-11-18", **rv)  # missing, c's
		# (customers, overdue, on time, late, missing, pending) per manager, counted by hand above
		cls.expected = {w.a: (4, 2, 1, 1, 1, 1), w.b: (2, 1, 1, 0, 0, 0), w.c: (1, 0, 0, 0, 1, 0)}

	def figures(self, row):
		return tuple(row[f] for f in ("customers", "overdue", "on_time", "late", "missing", "pending"))

	def test_department_sees_every_manager(self):
		w = self.w
		_cols, data, _m, chart, _summary = run(w.department)
		rows = {r["account_manager"]: r for r in data}
		for manager, expected in self.expected.items():
			self.assertEqual(self.figures(rows[manager]), expected, manager)
		self.assertEqual(rows[w.a]["compliance"], round(100 / 3, 1))
		self.assertEqual(rows[w.a]["with_policy"], 4)
		self.assertEqual(rows[w.a]["overdue_pct"], 50.0)
		self.assertEqual(rows[w.b]["compliance"], 100.0)
		self.assertTrue(chart["barOptions"]["stacked"])

	def test_each_manager_sees_only_own_row_and_leader_the_team(self):
		w = self.w
		for manager, expected in self.expected.items():
			_cols, data, _m, _chart, summary = run(manager)
			self.assertEqual([r["account_manager"] for r in data], [manager])
			self.assertEqual(self.figures(data[0]), expected)
			values = {s["label"]: s["value"] for s in summary}
			self.assertEqual(values["Overdue for Visit"], expected[1])
		assert_rows_per_role(self, run, {w.leader: {w.a, w.b}, w.other_leader: {w.c}})
		_cols, data, *_ = run(w.leader, group_by="Service Team")
		self.assertEqual(len(data), 1)
		self.assertEqual((data[0]["on_time"], data[0]["late"], data[0]["missing"]), (2, 1, 1))
		self.assertEqual(data[0]["compliance"], 50.0)
