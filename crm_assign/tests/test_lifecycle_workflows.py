"""Admission, exit/blacklist and discount workflows end to end, each step as the role that takes it."""

import frappe
from frappe.model.workflow import WorkflowTransitionError
from frappe.utils import add_days, nowdate

from crm_assign.exceptions import AdmissionError, BlacklistedCustomerError, DuplicateCustomerError
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.lifecycle_factories import act_as, actions_for, make_transaction, set_lifecycle_settings
from crm_assign.tests.utils import log_rows, make_customer, make_manager, make_team, make_user

CRITERIA = ("Financial Strength", "Credit", "Cooperation", "Confidentiality", "Cost Level")


class LifecycleWorkflowCase(FrappeTestCase):
	"""Users and a team are made once per class; each test runs inside a savepoint that is rolled back."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.leader = make_user("wf-tl", roles=("Team Leader",))
		team = make_team("工作流测试组", leader=cls.leader)
		cls.manager = make_manager("wf-am", level="Junior", service_team=team)
		cls.customer_manager = make_user("wf-cm", roles=("Customer Manager",))
		cls.other_customer_manager = make_user("wf-cm2", roles=("Customer Manager",))
		cls.general_manager = make_user("wf-gm", roles=("General Manager",))

	def setUp(self):
		frappe.db.savepoint("lifecycle_workflow_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="lifecycle_workflow_test")

	def create_as(self, user, values):
		frappe.set_user(user)
		try:
			return frappe.get_doc(values).insert()
		finally:
			frappe.set_user("Administrator")


class TestAdmissionWorkflow(LifecycleWorkflowCase):
	def application(self, amount):
		customer = make_customer("准入大客户", account_manager=self.manager.name, grade="B")
		doc = self.create_as(
			self.manager.name,
			{
				"doctype": "Admission Application",
				"customer": customer.name,
				"expected_annual_amount": amount,
			},
		)
		return customer, doc

	def investigate(self, doc):
		doc = act_as(self.manager.name, doc, "Start General Investigation")
		self.assertRaises(AdmissionError, act_as, self.manager.name, doc, "Start On-site Investigation")
		doc.update(
			{
				"company_profile": "注册资本五千万",
				"products": "工业阀门",
				"talk_with_person_in_charge": "已与总经理面谈",
			}
		)
		doc.save()
		doc = act_as(self.manager.name, doc, "Start On-site Investigation")
		self.assertRaises(AdmissionError, act_as, self.manager.name, doc, "Submit Application")
		doc.update(
			{
				"onsite_findings": "厂房规范",
				"departments_involved": "财务部、质量部",
				"reasons": "行业龙头",
				"trading_policy": "月结30天",
				"expected_products": "阀门、管件",
				"criteria": [{"criterion": c, "score": 16, "max_score": 20} for c in CRITERIA[:4]],
			}
		)
		doc.save()
		self.assertRaises(
			AdmissionError, act_as, self.manager.name, doc, "Submit Application"
		)  # 4 of 5 scored
		doc.append("criteria", {"criterion": "Cost Level", "score": 12, "max_score": 20})
		doc.save()
		return act_as(self.manager.name, doc, "Submit Application")

	def test_customer_manager_approves_below_the_threshold(self):
		customer, doc = self.application(500_000)
		doc = self.investigate(doc)
		self.assertEqual((doc.status, doc.total_score), ("Pending Approval", 76))
		self.assertEqual(actions_for(self.manager.name, doc), [])  # the applicant cannot approve
		self.assertEqual(actions_for(self.general_manager, doc), [])
		doc = act_as(self.customer_manager, doc, "Approve")
		self.assertEqual((doc.status, doc.docstatus, doc.approved_by), ("Approved", 1, self.customer_manager))
		grade, code = frappe.db.get_value("Managed Customer", customer.name, ["grade", "customer_code"])
		self.assertEqual(grade, "A")
		self.assertTrue(code.startswith("KA-"))
		self.assertEqual(doc.customer_code, code)
		self.assertEqual(
			log_rows(
				"Grade Review",
				{"customer": customer.name},
				["old_grade", "new_grade", "source", "needs_senior_owner"],
			),
			[("B", "A", "Admission", 1)],
		)

	def test_general_manager_approves_above_the_threshold(self):
		customer, doc = self.application(5_000_000)
		self.assertEqual(doc.needs_general_manager, 1)
		doc = self.investigate(doc)
		doc = act_as(self.customer_manager, doc, "Approve")
		self.assertEqual((doc.status, doc.docstatus), ("Pending General Manager Approval", 0))
		self.assertEqual(frappe.db.get_value("Managed Customer", customer.name, "grade"), "B")
		self.assertRaises(WorkflowTransitionError, act_as, self.customer_manager, doc, "Approve")
		doc = act_as(self.general_manager, doc, "Approve")
		self.assertEqual((doc.status, doc.docstatus, doc.approved_by), ("Approved", 1, self.general_manager))
		self.assertEqual(frappe.db.get_value("Managed Customer", customer.name, "grade"), "A")

	def test_rejection_changes_nothing_on_the_customer(self):
		customer, doc = self.application(100_000)
		doc = act_as(self.customer_manager, self.investigate(doc), "Reject")
		self.assertEqual((doc.status, doc.docstatus), ("Rejected", 1))
		self.assertEqual(
			frappe.db.get_value("Managed Customer", customer.name, ["grade", "customer_code"]), ("B", None)
		)

	def test_a_customer_manager_cannot_approve_their_own_application(self):
		customer = make_customer("自批客户", account_manager=self.manager.name)
		doc = self.create_as(
			self.customer_manager,
			{"doctype": "Admission Application", "customer": customer.name, "expected_annual_amount": 1000},
		)
		doc.flags.ignore_permissions = True
		frappe.set_user(self.customer_manager)
		doc = act_as(self.customer_manager, doc, "Start General Investigation")
		doc = self.investigate_as(self.customer_manager, doc)
		self.assertRaises(frappe.ValidationError, act_as, self.customer_manager, doc, "Approve")
		self.assertEqual(act_as(self.other_customer_manager, doc, "Approve").status, "Approved")

	def investigate_as(self, user, doc):
		doc.update(
			{
				"company_profile": "简介",
				"products": "产品",
				"talk_with_person_in_charge": "面谈",
				"onsite_findings": "发现",
				"departments_involved": "财务部",
				"reasons": "理由",
				"trading_policy": "政策",
				"expected_products": "产品",
				"criteria": [{"criterion": c, "score": 10, "max_score": 20} for c in CRITERIA],
			}
		)
		doc.save()
		doc = act_as(user, doc, "Start On-site Investigation")
		return act_as(user, doc, "Submit Application")


class TestExitAndBlacklist(LifecycleWorkflowCase):
	def exit_request(self, customer, blacklist):
		doc = self.create_as(
			self.manager.name,
			{
				"doctype": "Customer Exit Request",
				"customer": customer.name,
				"exit_reason": "Fraud",
				"add_to_blacklist": blacklist,
				"details": "伪造发票",
			},
		)
		return act_as(self.manager.name, doc, "Submit for Approval")

	def test_department_approves_an_exit(self):
		customer = make_customer("退出客户", account_manager=self.manager.name)
		doc = self.exit_request(customer, blacklist=0)
		self.assertEqual(actions_for(self.manager.name, doc), [])
		self.assertEqual(actions_for(self.leader, doc), [])
		doc = act_as(self.customer_manager, doc, "Approve")
		self.assertEqual((doc.status, doc.approved_by), ("Approved", self.customer_manager))
		self.assertEqual(frappe.db.get_value("Managed Customer", customer.name, "status"), "Exited")
		log = frappe.get_all(
			"Lifecycle Log", filters={"customer": customer.name}, fields=["to_value", "source"]
		)
		self.assertEqual([(r.to_value, r.source) for r in log], [("Exited", "Exit")])
		self.assertEqual(frappe.db.get_value("Account Manager", self.manager.name, "current_load"), 0)

	def test_blacklisted_customer_cannot_be_created_again_allocated_or_discounted(self):
		customer = make_customer(
			"黑名单客户",
			account_manager=self.manager.name,
			id_number="91440300MA5BLACK1X",
			mobile_no="13900001111",
		)
		doc = act_as(self.customer_manager, self.exit_request(customer, blacklist=1), "Approve")
		entry = doc.blacklist_entry
		self.assertEqual(frappe.db.get_value("Customer Blacklist", entry, "status"), "Blacklisted")
		self.assertEqual(frappe.db.get_value("Managed Customer", customer.name, "status"), "Blacklisted")

		for values in (
			{"id_number": "91440300ma5black1x"},
			{"mobile_no": "+86 139-0000-1111"},
			{"phone": "139 0000 1111"},
		):
			with self.assertRaises(BlacklistedCustomerError) as raised:
				make_customer("改名后的黑名单客户", **values)
			self.assertIn(entry, str(raised.exception))

		blacklisted = frappe.get_doc("Managed Customer", customer.name)
		blacklisted.account_manager = make_manager("wf-am-2").name
		self.assertRaises(BlacklistedCustomerError, blacklisted.save)

		discount = frappe.get_doc(
			{
				"doctype": "Discount Request",
				"customer": customer.name,
				"discount_percent": 2,
				"reason": "老客户",
			}
		)
		self.assertRaises(BlacklistedCustomerError, discount.insert)

	def test_removal_from_the_blacklist_needs_approval(self):
		entry = frappe.get_doc(
			{
				"doctype": "Customer Blacklist",
				"customer_name": "失信个人",
				"mobile_no": "137-0000-2222",
				"reason": "Credit",
			}
		).insert()
		self.assertEqual(entry.mobile_no, "13700002222")
		self.assertRaises(
			BlacklistedCustomerError, make_customer, "失信个人的新公司", mobile_no="13700002222"
		)

		self.assertRaises(frappe.PermissionError, act_as, self.manager.name, entry, "Request Removal")
		entry.removal_reason = "已结清欠款"
		entry.save()
		entry = act_as(self.customer_manager, entry, "Request Removal")
		self.assertEqual(
			(entry.status, entry.removal_requested_by), ("Removal Requested", self.customer_manager)
		)
		self.assertEqual(actions_for(self.customer_manager, entry), [])
		self.assertRaises(BlacklistedCustomerError, make_customer, "仍在审批中", mobile_no="13700002222")
		entry = act_as(self.general_manager, entry, "Approve Removal")
		self.assertEqual(
			(entry.status, entry.removal_approved_by, str(entry.removed_on)),
			("Removed", self.general_manager, nowdate()),
		)
		make_customer("移出后的新客户", mobile_no="13700002222")

	def test_duplicate_registration_number_is_refused(self):
		first = make_customer("重复一号", id_number="91440300MA5DUP0001")
		with self.assertRaises(DuplicateCustomerError) as raised:
			make_customer("重复二号", id_number="91440300MA5DUP0001")
		self.assertIn(first.name, str(raised.exception))


class TestDiscountWorkflow(LifecycleWorkflowCase):
	def setUp(self):
		super().setUp()
		set_lifecycle_settings(discount_team_leader_max=3, discount_standard_max=10)
		self.customer = make_customer("折扣客户", account_manager=self.manager.name, grade="B")

	def request(self, percent):
		doc = self.create_as(
			self.manager.name,
			{
				"doctype": "Discount Request",
				"customer": self.customer.name,
				"discount_percent": percent,
				"order_amount": 20_000,
				"reason": "年度大单",
			},
		)
		return act_as(self.manager.name, doc, "Submit for Approval")

	def test_each_tier_goes_to_its_approver(self):
		small = self.request(2)
		self.assertEqual((small.approval_level, small.discount_amount), ("Team Leader", 400))
		self.assertEqual(actions_for(self.leader, small), ["Approve", "Reject"])
		self.assertEqual(act_as(self.leader, small, "Approve").status, "Approved")

		standard = self.request(8)
		self.assertEqual(standard.approval_level, "Customer Manager")
		self.assertEqual(actions_for(self.leader, standard), [])
		approved = act_as(self.customer_manager, standard, "Approve")
		self.assertEqual((approved.status, approved.approved_by), ("Approved", self.customer_manager))
		reported = frappe.get_all(
			"Notification Log", filters={"for_user": self.general_manager, "document_name": standard.name}
		)
		self.assertEqual(len(reported), 1)  # within the standard: reported to the general manager

		large = self.request(15)
		self.assertEqual(large.approval_level, "General Manager")
		self.assertEqual(actions_for(self.leader, large), [])
		self.assertEqual(actions_for(self.customer_manager, large), [])
		self.assertEqual(act_as(self.general_manager, large, "Reject").status, "Rejected")

	def test_the_approver_sees_grade_and_history(self):
		make_transaction(self.customer.name, 8000, add_days(nowdate(), -20))
		act_as(self.leader, self.request(2), "Approve")
		doc = self.request(6)
		self.assertEqual(
			(doc.grade, doc.total_sales_12m, doc.previous_discounts, doc.last_discount_percent),
			("B", 8000, 1, 2),
		)
