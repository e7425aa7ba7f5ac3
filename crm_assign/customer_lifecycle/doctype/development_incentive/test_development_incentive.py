"""A hand-made month in the site: the statement's figures, its lock once approved, and its reproducibility."""

import frappe
from frappe.utils import add_days, add_months, get_first_day, getdate, nowdate

from crm_assign.exceptions import LockedPeriodError
from crm_assign.services.lifecycle.incentives import (
	compute_for,
	fill_statement,
	generate_statements,
	statement_figures,
)
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.lifecycle_factories import make_return, make_transaction
from crm_assign.tests.utils import make_customer, make_manager, make_user

THIS_MONTH = get_first_day(getdate(nowdate()))
MONTH = add_months(THIS_MONTH, -2)  # the statement month: whole and in the past


def day(month, n):
	return str(add_days(month, n - 1))


class TestDevelopmentIncentive(FrappeTestCase):
	def setUp(self):
		frappe.db.savepoint("incentive_test")
		self.manager = make_manager("inc-am")
		frappe.get_doc(
			{
				"doctype": "Development Quota",
				"account_manager": self.manager.name,
				"department_type": "Channel Sales",  # quota 3 by default
				"month": MONTH,
			}
		).insert()
		owner = {"account_manager": self.manager.name}
		self.c1 = make_customer("激励客户一", **owner)
		self.c2 = make_customer("激励客户二", **owner)
		self.c3 = make_customer("激励客户三", **owner)
		self.c4 = make_customer("激励客户四", **owner)
		make_transaction(self.c1.name, 4500, day(MONTH, 3))  # month 1, >= 4,000: 100
		sale = make_transaction(self.c2.name, 2000, day(MONTH, 4))  # month 1, >= 2,000: 50
		make_return(sale, 500, day(MONTH, 20))  # 50 x 500 / 2,000 = 12.50 back
		make_transaction(
			self.c3.name, 300, day(add_months(MONTH, -1), 5)
		)  # its first month is the one before
		make_transaction(self.c3.name, 5000, day(MONTH, 6))  # month 2, >= 5,000: 100
		make_transaction(self.c4.name, 100, day(MONTH, 7))  # 100 is not above 100: does not count

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="incentive_test")

	def statement(self):
		return frappe.get_doc(
			{
				"doctype": "Development Incentive",
				"account_manager": self.manager.name,
				"month": day(MONTH, 15),
			}
		).insert()

	def test_figures_of_the_hand_made_month(self):
		doc = self.statement()
		self.assertEqual(str(doc.month), str(MONTH))
		self.assertEqual((doc.quota, doc.new_customers, doc.missing_customers), (3, 2, 1))
		self.assertEqual(float(doc.quota_amount), -10)
		self.assertEqual(float(doc.bonus_amount), 250)
		self.assertEqual(float(doc.return_deduction), 12.5)
		self.assertEqual(float(doc.total_amount), 227.5)  # -10 + 250 - 12.50
		lines = {row.customer: (row.purchase_month, row.counted, float(row.amount)) for row in doc.lines}
		self.assertEqual(
			lines,
			{
				self.c1.name: (1, 1, 100),
				self.c2.name: (1, 1, 37.5),
				self.c3.name: (2, 0, 100),
				self.c4.name: (1, 0, 0),
			},
		)
		self.assertTrue(all(row.new_customer_credit for row in doc.lines))

	def test_approved_statement_is_locked_and_reproducible(self):
		doc = self.statement()
		approver = make_user("inc-cm", roles=("Customer Manager",))
		frappe.set_user(approver)
		doc.submit()
		frappe.set_user("Administrator")
		self.assertEqual(doc.approved_by, approver)

		locked = frappe.get_doc("Development Incentive", doc.name)
		locked.total_amount = 1_000_000
		self.assertRaises(frappe.UpdateAfterSubmitError, locked.save)

		self.assertRaises(LockedPeriodError, make_transaction, self.c1.name, 9999, day(MONTH, 28))
		first_sale = frappe.get_doc("Customer Transaction", {"customer": self.c1.name})
		self.assertRaises(LockedPeriodError, first_sale.cancel)
		make_transaction(self.c1.name, 50, day(add_months(MONTH, 1), 2))  # the next month is open

		fresh = frappe.new_doc("Development Incentive")
		fresh.update({"account_manager": self.manager.name, "month": MONTH})
		fill_statement(fresh, compute_for(self.manager.name, MONTH))
		self.assertEqual(
			statement_figures(fresh), statement_figures(frappe.get_doc("Development Incentive", doc.name))
		)

	def test_fabricated_customer_is_charged_ten_times_in_the_month_found(self):
		credit = frappe.get_doc("New Customer Credit", {"customer": self.c1.name})
		credit.is_fabricated = 1
		credit.fabrication_note = "老客户改名"
		credit.save()
		self.assertEqual(str(credit.fabricated_on), nowdate())
		found = get_first_day(credit.fabricated_on)  # this month, also when the suite crossed a month's end
		statement = compute_for(self.manager.name, found)
		line = next(line for line in statement.lines if line.customer == self.c1.name)
		self.assertEqual(float(line.fabrication_penalty), 1000)  # 10 x the 100 paid for its first month
		self.assertEqual(float(compute_for(self.manager.name, MONTH).total), 227.5)  # the past is unchanged

	def test_month_statements_for_everyone_at_once(self):
		other = make_manager("inc-am-2")
		frappe.get_doc(
			{
				"doctype": "Development Quota",
				"account_manager": other.name,
				"department_type": "Terminal",
				"month": MONTH,
			}
		).insert()
		self.statement()
		result = generate_statements(MONTH, managers=[self.manager.name, other.name])
		self.assertEqual(result, {"people": 2, "created": 1, "skipped": 1})
		created = frappe.get_doc("Development Incentive", {"account_manager": other.name, "month": MONTH})
		self.assertEqual((created.quota, float(created.total_amount)), (1, -10))
		created.save()  # a generated draft is an ordinary document: saving recomputes the same figures
		self.assertEqual((created.account_manager_name, float(created.total_amount)), (other.full_name, -10))
		self.assertRaises(frappe.ValidationError, self.statement)  # one statement per person and month
