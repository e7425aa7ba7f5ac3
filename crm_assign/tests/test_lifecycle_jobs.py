"""Nightly jobs in the site: dormancy at exactly 365/366 days, reactivation counted once, grading and its log."""

import frappe
from frappe.utils import add_days, get_first_day, getdate, nowdate

from crm_assign.services.lifecycle.grading import grade_customers
from crm_assign.services.lifecycle.incentives import compute_for
from crm_assign.services.lifecycle.nightly import mark_dormant, refresh_all_figures
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.lifecycle_factories import make_transaction
from crm_assign.tests.utils import log_rows, make_customer, make_manager


def today():
	"""Read at each use, not at import (the tests' clock is set in setUp)."""
	return getdate(nowdate())


def ago(days):
	return add_days(today(), -days)


def status_of(customer):
	return frappe.db.get_value("Managed Customer", customer, "status")


class LifecycleJobCase(FrappeTestCase):
	def setUp(self):
		# each test reads one day, as the nightly job does: the clock runs from noon of today, so a suite that
		# runs across midnight does not move the day between a test's dates and the job's
		frozen = self.freeze_time(f"{nowdate()} 12:00:00", tick=True)
		frozen.__enter__()
		self.addCleanup(frozen.__exit__, None, None, None)
		frappe.db.savepoint("lifecycle_jobs_test")
		frappe.db.set_single_value("CRM Assign Settings", "dormancy_days", 365)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="lifecycle_jobs_test")


class TestDormancy(LifecycleJobCase):
	def test_dormant_after_more_than_365_days_without_activity(self):
		exactly = make_customer("整整一年客户")
		one_more = make_customer("一年零一天客户")
		for customer, days in ((exactly, 365), (one_more, 366)):
			frappe.db.set_value("Managed Customer", customer.name, "last_activity_date", ago(days))
		result = mark_dormant(today())
		self.assertEqual((status_of(exactly.name), status_of(one_more.name)), ("Active", "Dormant"))
		self.assertEqual(result["cutoff"], str(ago(365)))
		self.assertEqual(
			log_rows("Lifecycle Log", {"customer": one_more.name}, ["from_value", "to_value", "source"]),
			[("Active", "Dormant", "Nightly Job")],
		)
		self.assertFalse(frappe.db.exists("Lifecycle Log", {"customer": exactly.name}))

	def test_a_recent_completed_visit_keeps_a_customer_active(self):
		visited = make_customer("近期拜访客户")
		frappe.db.set_value("Managed Customer", visited.name, "last_activity_date", ago(500))
		visit = frappe.get_doc(
			{
				"doctype": "Customer Visit",
				"visit_type": "Phone Call",
				"customer": visited.name,
				"status": "Completed",
				"planned_start": f"{ago(10)} 10:00:00",
				"completed_on": f"{ago(10)} 10:30:00",
			}
		)
		visit.set_new_name()
		visit.db_insert()  # a visit completed earlier, as the service desk would have stored it
		refresh_all_figures(today())
		mark_dormant(today())
		self.assertEqual(
			str(frappe.db.get_value("Managed Customer", visited.name, "last_activity_date")), str(ago(10))
		)
		self.assertEqual(status_of(visited.name), "Active")

	def test_rolling_total_is_refreshed_every_night(self):
		customer = make_customer("滚动刷新客户")
		make_transaction(customer.name, 800, str(ago(364)))
		self.assertEqual(frappe.db.get_value("Managed Customer", customer.name, "total_sales_12m"), 800)
		refresh_all_figures(add_days(today(), 2))  # two days later the sale is more than twelve months old
		self.assertEqual(frappe.db.get_value("Managed Customer", customer.name, "total_sales_12m"), 0)


class TestReactivation(LifecycleJobCase):
	def dormant_customer(self, name, days_silent):
		first_owner = make_manager("react-first")
		customer = make_customer(name, account_manager=first_owner.name)
		make_transaction(customer.name, 500, str(ago(days_silent)))
		mark_dormant(today())
		self.assertEqual(status_of(customer.name), "Dormant")
		return customer

	def test_reactivated_after_more_than_a_year_counts_as_new_once(self):
		customer = self.dormant_customer("沉睡客户", 400)
		reactivator = make_manager("react-second")
		sale_day = str(ago(1))
		make_transaction(customer.name, 3000, sale_day, account_manager=reactivator.name)
		make_transaction(customer.name, 200, sale_day, account_manager=reactivator.name)
		self.assertEqual(status_of(customer.name), "Active")
		self.assertEqual(
			log_rows(
				"New Customer Credit",
				{"customer": customer.name},
				["account_manager", "source", "dormant_days"],
			),
			[
				("react-first@test.crm-assign.example", "First Sale", 0),
				(reactivator.name, "Reactivation", 399),
			],
		)
		statement = compute_for(reactivator.name, get_first_day(getdate(sale_day)))
		self.assertEqual((statement.new_customers, float(statement.quota_amount)), (1, 10))
		log = frappe.get_all(
			"Lifecycle Log",
			filters={"customer": customer.name, "change_type": "Status"},
			pluck="to_value",
			order_by="creation",
		)
		self.assertEqual(log, ["Dormant", "Active"])

	def test_reactivated_within_a_year_is_not_new(self):
		frappe.db.set_single_value("CRM Assign Settings", "dormancy_days", 100)
		customer = self.dormant_customer("短暂沉睡客户", 200)
		make_transaction(customer.name, 3000, str(ago(1)), account_manager=make_manager("react-third").name)
		self.assertEqual(status_of(customer.name), "Active")
		sources = frappe.get_all("New Customer Credit", filters={"customer": customer.name}, pluck="source")
		self.assertEqual(sources, ["First Sale"])


class TestNightlyGrading(LifecycleJobCase):
	def setUp(self):
		super().setUp()
		frappe.get_doc(
			{
				"doctype": "Customer Grading Rule",
				"rule_name": "测试规则",
				"is_active": 1,
				"a_min_revenue": 10_000,
				"a_min_purchases": 3,
				"b_min_revenue": 1000,
				"b_min_purchases": 1,
			}
		).insert()
		self.junior = make_manager("grade-junior", level="Junior")

	def customer_with_sales(self, name, amounts, days_ago=30, **values):
		customer = make_customer(name, account_manager=self.junior.name, **values)
		for amount in amounts:
			make_transaction(customer.name, amount, str(ago(days_ago)))
		return customer

	def test_grades_follow_the_rule_and_every_change_is_logged_with_its_figures(self):
		key = self.customer_with_sales("升A客户", [4000, 4000, 4000])
		ordinary = self.customer_with_sales("升B客户", [1500])
		strategic = self.customer_with_sales("战略客户", [], is_strategic=1)
		late = self.customer_with_sales("拖欠客户", [4000, 4000, 4000], payment_behaviour="Late")
		stale = self.customer_with_sales("旧单客户", [50_000], days_ago=400)
		result = grade_customers(today())
		self.assertEqual(result["rule"], "测试规则")
		grades = {
			c.name: frappe.db.get_value("Managed Customer", c.name, "grade")
			for c in (key, ordinary, strategic, late, stale)
		}
		self.assertEqual(
			grades, {key.name: "A", ordinary.name: "B", strategic.name: "A", late.name: "B", stale.name: "C"}
		)
		review = frappe.get_all(
			"Grade Review",
			filters={"customer": key.name},
			fields=[
				"old_grade",
				"new_grade",
				"revenue_12m",
				"purchases_12m",
				"needs_senior_owner",
				"source",
				"grading_rule",
			],
		)
		self.assertEqual(
			[
				(
					r.old_grade,
					r.new_grade,
					r.revenue_12m,
					r.purchases_12m,
					r.needs_senior_owner,
					r.source,
					r.grading_rule,
				)
				for r in review
			],
			[("C", "A", 12000, 3, 1, "Nightly Job", "测试规则")],
		)
		self.assertFalse(frappe.db.exists("Grade Review", {"customer": stale.name}))
		notification = frappe.get_all(
			"Notification Log",
			filters={"for_user": self.junior.name, "document_type": "Grade Review"},
			pluck="subject",
		)
		self.assertEqual(notification, ["4 of your customers changed grade"])
		self.assertEqual(grade_customers(today())["changed"], 0)  # a second night changes nothing


class TestQuarterlyReview(LifecycleJobCase):
	def test_team_leader_confirms_or_overrides_the_proposed_grades(self):
		from crm_assign.exceptions import GradingError
		from crm_assign.tests.utils import make_team, make_user

		frappe.get_doc(
			{
				"doctype": "Customer Grading Rule",
				"rule_name": "季度规则",
				"is_active": 1,
				"a_min_revenue": 10_000,
				"a_min_purchases": 2,
				"b_min_revenue": 1000,
				"b_min_purchases": 1,
			}
		).insert()
		leader = make_user("review-tl", roles=("Team Leader",))
		team = make_team("季度评审组", leader=leader)
		owner = make_manager("review-am", service_team=team, level="Senior")
		rising = make_customer("季度升级客户", account_manager=owner.name)
		for _ in range(2):
			make_transaction(rising.name, 6000, str(ago(20)))
		steady = make_customer("季度稳定客户", account_manager=owner.name, grade="B")
		make_transaction(steady.name, 2000, str(ago(20)))
		make_customer("别组客户")  # not in the team: not reviewed

		frappe.set_user(leader)
		review = frappe.get_doc({"doctype": "Grade Review Round", "service_team": team}).insert()
		proposals = {row.customer: (row.current_grade, row.proposed_grade) for row in review.items}
		self.assertEqual(proposals, {rising.name: ("C", "A"), steady.name: ("B", "B")})

		row = next(r for r in review.items if r.customer == steady.name)
		row.confirmed_grade = "A"
		self.assertRaises(GradingError, review.save)  # an override needs a reason
		review = frappe.get_doc("Grade Review Round", review.name)  # as the form reloads after an error
		row = next(r for r in review.items if r.customer == steady.name)
		row.confirmed_grade, row.override_reason = "A", "战略合作伙伴"
		review.save()
		self.assertEqual((review.changes, review.overrides), (2, 1))
		review.submit()
		frappe.set_user("Administrator")

		self.assertEqual(frappe.db.get_value("Managed Customer", steady.name, "grade"), "A")
		self.assertEqual(frappe.db.get_value("Managed Customer", rising.name, "grade"), "A")
		self.assertEqual(
			log_rows(
				"Grade Review",
				{"customer": steady.name},
				["old_grade", "new_grade", "source", "reason", "reviewed_by"],
			),
			[("B", "A", "Quarterly Review", "战略合作伙伴", leader)],
		)
