import frappe
from frappe.utils import add_days, add_months, get_first_day, getdate, nowdate

from crm_assign.customer_lifecycle.report.new_customer_development.new_customer_development import execute
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.lifecycle_factories import make_return, make_transaction
from crm_assign.tests.report_factories import as_user, report_world
from crm_assign.tests.utils import make_customer

MONTH = add_months(get_first_day(getdate(nowdate())), -2)  # a whole month in the past
FIELDS = ("quota", "new_customers", "missing_customers", "extra_customers", "quota_amount", "bonus_amount")
FIELDS += ("return_deduction", "fabrication_penalty", "total_amount")


def day(n):
	return str(add_days(MONTH, n - 1))


def run(user, **filters):
	return as_user(user, execute, frappe._dict({"from_month": MONTH, "to_month": MONTH, **filters}))


class TestNewCustomerDevelopment(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w = report_world()
		frappe.get_doc(
			{
				"doctype": "Development Quota",
				"account_manager": w.a,
				"department_type": "Channel Sales",
				"month": MONTH,
			}
		).insert(ignore_permissions=True)  # quota 3
		names = [make_customer(f"开发客户{i}", account_manager=w.a).name for i in range(4)]
		make_transaction(names[0], 4500, day(3))  # month 1, >= 4,000: 100
		sale = make_transaction(names[1], 2000, day(4))  # month 1, >= 2,000: 50
		make_return(sale, 500, day(20))  # 50 x 500 / 2,000 = 12.50 back
		make_transaction(names[2], 300, str(add_days(add_months(MONTH, -1), 4)))  # new the month before
		make_transaction(names[2], 5000, day(6))  # its month 2, >= 5,000: 100
		make_transaction(names[3], 100, day(7))  # 100 is not above 100: not counted as new
		# by the rules: 2 new of 3 (-10), bonuses 100 + 50 + 100, returns -12.50
		cls.by_rules = {"quota": 3, "new_customers": 2, "missing_customers": 1, "bonus_amount": 250.0}
		cls.by_rules.update({"return_deduction": 12.5, "quota_amount": -10.0, "total_amount": 227.5})

	def row_of(self, user, manager):
		_cols, data, *_ = run(user)
		return next((r for r in data if r.account_manager == manager), None)

	def test_month_without_statement_shows_what_the_statement_will_say(self):
		w = self.w
		before = self.row_of(w.department, w.a)
		self.assertEqual(before.state, "Not drafted")
		for field, value in self.by_rules.items():
			self.assertEqual(before[field], value, field)
		credits = frappe.get_all(
			"New Customer Credit", filters={"account_manager": w.a, "first_month": MONTH}, pluck="source"
		)
		self.assertEqual(before.first_sales, credits.count("First Sale"))
		self.assertEqual(before.reactivated, credits.count("Reactivation"))

		statement = frappe.get_doc(
			{"doctype": "Development Incentive", "account_manager": w.a, "month": MONTH}
		).insert(ignore_permissions=True)
		after = self.row_of(w.department, w.a)
		self.assertEqual(after.statement, statement.name)
		self.assertEqual(after.state, "Draft")
		for field in FIELDS:
			self.assertEqual(after[field], float(statement.get(field)), field)
			self.assertEqual(before[field], after[field], field)
		lines = sum(float(line.gross_sales) - float(line.returns) for line in statement.lines)
		self.assertEqual(after.purchases, lines)
		self.assertEqual(before.purchases, lines)
		statement.delete(ignore_permissions=True)

	def test_months_read_together_equal_each_month_read_alone(self):
		w = self.w
		months = [add_months(MONTH, i) for i in (-1, 0, 1)]  # windows overlap: purchases cut per month

		def rows_of_a(data):
			return {r.month: dict(r) for r in data if r.account_manager == w.a}

		_cols, together, *_ = run(w.department, from_month=months[0], to_month=months[-1])
		together = rows_of_a(together)
		self.assertEqual(len(together), 3)
		for month in months:
			_cols, alone, *_ = run(w.department, from_month=month, to_month=month)
			alone = rows_of_a(alone)
			self.assertEqual(together[month.strftime("%Y-%m")], alone[month.strftime("%Y-%m")], month)

	def test_rows_per_role(self):
		w = self.w
		self.assertIsNotNone(self.row_of(w.a, w.a))
		self.assertIsNotNone(self.row_of(w.leader, w.a))
		for user in (w.b, w.c, w.other_leader):
			_cols, data, *_ = run(user)
			self.assertNotIn(w.a, {r.account_manager for r in data}, user)
		_cols, data, _m, chart, summary = run(w.leader, group_by="Service Team")
		team = next(r for r in data if r.service_team == w.team)
		self.assertEqual((team.quota, team.new_customers), (3, 2))
		self.assertEqual(chart["data"]["datasets"][0]["values"], [3])
		self.assertEqual({s["label"]: s["value"] for s in summary}["Total Incentive"], 227.5)
