import frappe

from crm_assign.customer_assignment.report.ownership_history.ownership_history import execute
from crm_assign.services.allocation.ownership import bulk_change_owners
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.report_factories import as_user, report_world
from crm_assign.tests.utils import make_customer


def run(user, **filters):
	"""The report as `user`, every row listed unless the test sets `row_limit`."""
	return as_user(user, execute, frappe._dict({"row_limit": 0, **filters}))


class TestOwnershipHistory(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = report_world()
		x1 = make_customer("历史客户一", account_manager=w.a)
		x2 = make_customer("历史客户二", account_manager=w.b)
		x3 = make_customer("历史客户三", account_manager=w.c)
		cls.names = [x1.name, x2.name, x3.name]
		# the plan row only (no workflow run): the report reads its name and approver
		plan = frappe.new_doc("Allocation Plan")
		plan.update({"title": "历史方案", "scope": "All", "approved_by": w.department})
		plan.set_new_name()
		plan.db_insert()
		cls.plan = plan.name
		bulk_change_owners(
			[(x1.name, x1.customer_name, w.a, w.b), (x3.name, x3.customer_name, w.c, w.a)],
			"Plan",
			"均衡负载",
			allocation_plan=plan.name,
		)
		doc = frappe.get_doc("Managed Customer", x2.name)
		doc.account_manager = w.c
		doc.save(ignore_permissions=True)
		# the creations happened "two months ago" so the churn has two periods
		log = frappe.qb.DocType("Ownership Log")
		frappe.qb.update(log).set(log.changed_at, frappe.utils.add_months(frappe.utils.now(), -2)).where(
			log.customer.isin(cls.names) & log.from_manager.isnull()
		).run()
		# (customer, from, to, plan): what happened, written down independently of the log
		cls.changes = [
			(x1.name, None, w.a, None),
			(x2.name, None, w.b, None),
			(x3.name, None, w.c, None),
			(x1.name, w.a, w.b, plan.name),
			(x3.name, w.c, w.a, plan.name),
			(x2.name, w.b, w.c, None),
		]
		cls.owner_now = {x1.name: w.b, x2.name: w.c, x3.name: w.a}

	def visible(self, managers):
		return sorted(
			(c, f or "", t)
			for c, f, t, _p in self.changes
			if self.owner_now[c] in managers or f in managers or t in managers
		)

	def seen(self, data):
		return sorted(
			(r.customer, r.from_manager or "", r.to_manager) for r in data if r.customer in self.names
		)

	def test_department_sees_every_change_with_plan_approver_and_churn(self):
		w = self.w
		_cols, data, _m, chart, summary = run(w.department)
		self.assertEqual(self.seen(data), sorted((c, f or "", t) for c, f, t, _p in self.changes))
		planned = [r for r in data if r.allocation_plan == self.plan]
		self.assertEqual(len(planned), 2)
		self.assertEqual({r.approved_by for r in planned}, {w.department})
		self.assertEqual({r.reason for r in planned}, {"均衡负载"})
		_cols, data, _m, chart, summary = run(w.department, customer=self.names[0])
		self.assertEqual(len(data), 2)
		self.assertEqual(len(chart["data"]["labels"]), 2)  # two months
		self.assertEqual(chart["data"]["datasets"][0]["values"], [1, 1])
		values = {s["label"]: s["value"] for s in summary}
		self.assertEqual(values["Changes of Owner"], 2)
		self.assertEqual(values["Customers Changed Hands"], 1)

	def test_account_manager_sees_only_changes_of_their_customers_or_to_from_them(self):
		w = self.w
		for manager in (w.a, w.b, w.c):
			_cols, data, *_ = run(manager)
			self.assertEqual(self.seen(data), self.visible({manager}), manager)
			self.assertEqual(len(data), len(self.visible({manager})))
		_cols, data, *_ = run(w.a, account_manager=w.a)
		self.assertEqual(
			self.seen(data), sorted((c, f or "", t) for c, f, t, _p in self.changes if w.a in (f, t))
		)

	def test_table_lists_the_latest_rows_while_chart_and_summary_count_every_change(self):
		w = self.w
		_cols, data, message, chart, summary = run(w.department, customer=self.names[0], row_limit=1)
		self.assertEqual(len(data), 1)
		self.assertEqual(data[0].from_manager, w.a)  # the latest change: a → b by the plan
		self.assertIn("latest 1 of 2 changes", message)
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), 2)
		self.assertEqual({s["label"]: s["value"] for s in summary}["Changes of Owner"], 2)
		_cols, data, message, *_ = run(w.department, customer=self.names[0])
		self.assertEqual((len(data), message), (2, None))

	def test_churn_per_week_and_quarter_matches_the_rows(self):
		w = self.w
		for period in ("Week", "Quarter"):
			_cols, data, _m, chart, _s = run(w.department, customer=self.names[0], period=period)
			periods = sorted({row.period for row in data})
			self.assertEqual(chart["data"]["labels"], periods, period)
			self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), len(data))

	def test_team_leader_sees_team_changes(self):
		w = self.w
		_cols, data, *_ = run(w.leader)
		self.assertEqual(self.seen(data), self.visible({w.a, w.b}))
