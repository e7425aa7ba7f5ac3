"""Allocation Plan: engine proposals, the approval workflow per role, hand edits against the hard rules."""

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow

from crm_assign.exceptions import CapacityError, DuplicateRowError, SelfApprovalError
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager, make_region, make_skill, make_team, make_user

TEAM = "分配测试组"


def setup_world():
	make_region("分配国", region_type="Country", is_group=1)
	make_region("分配省", parent="分配国", region_type="Province", is_group=1)
	make_region("分配甲市", parent="分配省")
	make_region("分配乙市", parent="分配省")
	make_skill("分配技能")
	make_team(TEAM)
	users = {
		"drafter": make_user("plan-drafter", roles=("Customer Manager",)),
		"approver": make_user("plan-approver", roles=("Allocation Approver",)),
		"department": make_user("plan-department", roles=("Customer Manager",)),
		"staff": make_user("plan-staff", roles=("Account Manager",)),
	}
	managers = {
		"senior_a": make_manager(
			"plan-senior-a",
			level="Senior",
			service_team=TEAM,
			capacity=5,
			regions=[{"service_region": "分配甲市"}],
			skills=[{"skill": "分配技能", "proficiency": 5}],
		).name,
		"junior_b": make_manager(
			"plan-junior-b",
			level="Junior",
			service_team=TEAM,
			capacity=5,
			regions=[{"service_region": "分配乙市"}],
		).name,
	}
	return users, managers


def team_customer(name, region, grade="C", **values):
	return make_customer(name, service_region=region, grade=grade, service_team=TEAM, **values)


def new_plan(user, **values):
	frappe.set_user(user)
	try:
		return frappe.get_doc(
			{
				"doctype": "Allocation Plan",
				"title": "测试方案",
				"scope": "Service Team",
				"scope_service_team": TEAM,
				**values,
			}
		).insert()
	finally:
		frappe.set_user("Administrator")


def act(user, plan_name, action):
	frappe.set_user(user)
	try:
		return apply_workflow(frappe.get_doc("Allocation Plan", plan_name), action)
	finally:
		frappe.set_user("Administrator")


class TestAllocationPlan(FrappeTestCase):
	def setUp(self):
		frappe.db.set_single_value(
			"CRM Assign Settings", {"auto_assign_on_insert": 0, "approval_threshold_moves": 50}
		)
		frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")
		self.users, self.managers = setup_world()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()  # each test starts from the same world (nothing here commits)

	def generate(self, plan):
		from crm_assign.customer_assignment.doctype.allocation_plan.allocation_plan import generate_proposal

		generate_proposal(plan.name)
		return frappe.get_doc("Allocation Plan", plan.name)

	def test_proposal_keeps_customers_in_their_own_city(self):
		near_a = team_customer("甲市客户", "分配甲市")
		near_b = team_customer("乙市客户", "分配乙市")
		plan = self.generate(new_plan(self.users["drafter"]))

		proposed = {item.customer: item.proposed_owner for item in plan.items}
		self.assertEqual(
			proposed, {near_a.name: self.managers["senior_a"], near_b.name: self.managers["junior_b"]}
		)
		self.assertEqual((plan.total_items, plan.moves, plan.unassigned_count), (2, 2, 0))
		self.assertTrue(all(item.reason and item.score > 0 and item.customer_name for item in plan.items))
		self.assertTrue(plan.manager_loads)

	def test_grade_a_goes_to_a_senior_and_skills_count_as_configured(self):
		key = team_customer("重点客户", "分配乙市", grade="A")
		skilled = team_customer("技能客户", "分配乙市", required_skills=[{"skill": "分配技能"}])
		frappe.db.set_single_value("CRM Assign Settings", "skill_weight", 20)  # skills matter most here
		frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")
		plan = self.generate(new_plan(self.users["drafter"]))

		proposed = {item.customer: item.proposed_owner for item in plan.items}
		self.assertEqual(proposed[key.name], self.managers["senior_a"])  # never to a Junior, though farther
		self.assertEqual(proposed[skilled.name], self.managers["senior_a"])  # the skill outweighs the region

	def test_customers_that_do_not_fit_are_listed_with_the_reason(self):
		for i in range(12):
			team_customer(f"挤占客户{i}", "分配甲市")
		plan = self.generate(new_plan(self.users["drafter"]))
		self.assertEqual(plan.moves, 10)  # two managers of capacity 5
		unassigned = [item for item in plan.items if not item.proposed_owner]
		self.assertEqual(len(unassigned), 2)
		self.assertTrue(all(item.reason for item in unassigned))

	def test_workflow_roles_and_no_self_approval(self):
		team_customer("流程客户", "分配甲市")
		plan = self.generate(new_plan(self.users["drafter"]))
		act(self.users["drafter"], plan.name, "Submit for Approval")
		self.assertEqual(frappe.db.get_value("Allocation Plan", plan.name, "status"), "Pending Approval")
		told = {"for_user": self.users["approver"], "document_name": plan.name}
		self.assertEqual(frappe.db.count("Notification Log", told), 1)  # the approver is told, once

		self.assertRaises(
			(WorkflowTransitionError, frappe.PermissionError), act, self.users["staff"], plan.name, "Approve"
		)
		act(self.users["approver"], plan.name, "Approve")
		plan.reload()
		self.assertEqual(
			(plan.docstatus, plan.status, plan.approved_by), (1, "Approved", self.users["approver"])
		)

	def test_the_drafter_cannot_approve_even_with_the_approver_role(self):
		team_customer("自批客户", "分配甲市")
		drafter = make_user("plan-drafter-approver", roles=("Customer Manager", "Allocation Approver"))
		plan = self.generate(new_plan(drafter))
		act(drafter, plan.name, "Submit for Approval")
		self.assertRaises(frappe.ValidationError, act, drafter, plan.name, "Approve")

		frappe.set_user(drafter)  # and not by submitting directly through the API either
		try:
			self.assertRaises(SelfApprovalError, frappe.get_doc("Allocation Plan", plan.name).submit)
		finally:
			frappe.set_user("Administrator")

	def test_big_plans_need_the_customer_manager_after_the_approver(self):
		frappe.db.set_single_value("CRM Assign Settings", "approval_threshold_moves", 1)
		team_customer("大方案一", "分配甲市")
		team_customer("大方案二", "分配乙市")
		plan = self.generate(new_plan(self.users["drafter"]))
		self.assertEqual(plan.needs_department_approval, 1)
		act(self.users["drafter"], plan.name, "Submit for Approval")
		act(self.users["approver"], plan.name, "Approve")
		plan.reload()
		self.assertEqual((plan.docstatus, plan.status), (0, "Pending Department Approval"))
		self.assertEqual(plan.first_approved_by, self.users["approver"])

		self.assertRaises(WorkflowTransitionError, act, self.users["approver"], plan.name, "Approve")
		act(self.users["department"], plan.name, "Approve")
		plan.reload()
		self.assertEqual(
			(plan.docstatus, plan.status, plan.approved_by), (1, "Approved", self.users["department"])
		)

	def test_renamed_states_keep_working(self):
		"""A business user renames the states in the Workflow builder; the app keys on its own fields."""
		renames = {"Pending Approval": "待审批", "Approved": "已批准"}
		for new in renames.values():
			if not frappe.db.exists("Workflow State", new):
				frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": new}).insert()
		workflow = frappe.get_doc("Workflow", "Allocation Plan Approval")
		for row in workflow.states:
			row.state = renames.get(row.state, row.state)
		for row in workflow.transitions:
			row.state = renames.get(row.state, row.state)
			row.next_state = renames.get(row.next_state, row.next_state)
		workflow.save()

		team_customer("改名客户", "分配甲市")
		plan = self.generate(new_plan(self.users["drafter"]))
		act(self.users["drafter"], plan.name, "Submit for Approval")
		self.assertEqual(
			frappe.db.get_value("Allocation Plan", plan.name, ["workflow_state", "status"]),
			("待审批", "Pending Approval"),
		)
		act(self.users["approver"], plan.name, "Approve")
		self.assertEqual(
			frappe.db.get_value("Allocation Plan", plan.name, ["workflow_state", "status", "docstatus"]),
			("已批准", "Approved", 1),
		)

	def test_hand_edits_obey_the_hard_rules(self):
		key = team_customer("手工重点", "分配乙市", grade="A")
		other = team_customer("手工普通", "分配乙市")
		plan = new_plan(self.users["drafter"])
		plan.append("items", {"customer": key.name, "proposed_owner": self.managers["junior_b"]})
		self.assertRaises(frappe.ValidationError, plan.save)

		plan.reload()
		plan.append("items", {"customer": other.name, "proposed_owner": self.managers["junior_b"]})
		plan.append("items", {"customer": other.name, "proposed_owner": self.managers["senior_a"]})
		self.assertRaises(DuplicateRowError, plan.save)

		frappe.db.set_value("Account Manager", self.managers["junior_b"], "capacity", 0)
		plan.reload()
		plan.append("items", {"customer": other.name, "proposed_owner": self.managers["junior_b"]})
		self.assertRaises(CapacityError, plan.save)

	def test_an_approved_plan_cannot_be_edited(self):
		customer = team_customer("锁定客户", "分配甲市")
		plan = self.generate(new_plan(self.users["drafter"]))
		act(self.users["drafter"], plan.name, "Submit for Approval")
		act(self.users["approver"], plan.name, "Approve")
		plan.reload()
		plan.items[0].proposed_owner = self.managers["junior_b"]
		self.assertRaises(frappe.UpdateAfterSubmitError, plan.save)
		self.assertEqual(plan.items[0].customer, customer.name)


class TestRebalanceAndBadInput(FrappeTestCase):
	def setUp(self):
		frappe.db.set_single_value(
			"CRM Assign Settings", {"auto_assign_on_insert": 0, "rebalance_threshold_percent": 0}
		)
		frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")
		self.users, self.managers = setup_world()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_weekly_rebalance_drafts_one_plan_and_never_applies_it(self):
		from crm_assign.services.allocation.rebalance import weekly_rebalance

		for plan in frappe.get_all(
			"Allocation Plan", filters={"source": "Scheduled Rebalance", "docstatus": 0}, pluck="name"
		):
			frappe.delete_doc("Allocation Plan", plan)
		names = [
			team_customer(f"失衡客户{i}", "分配乙市", account_manager=self.managers["senior_a"]).name
			for i in range(4)
		]
		name = weekly_rebalance()
		self.assertTrue(name)
		plan = frappe.get_doc("Allocation Plan", name)
		self.assertEqual(
			(plan.docstatus, plan.status, plan.source, plan.scope), (0, "Draft", "Scheduled Rebalance", "All")
		)
		self.assertIsNone(weekly_rebalance())  # one open rebalancing plan at a time
		self.assertFalse(
			{i.customer for i in plan.items} & set(names)
		)  # assigned today: minimum tenure keeps them
		owners = {frappe.db.get_value("Managed Customer", name, "account_manager") for name in names}
		self.assertEqual(owners, {self.managers["senior_a"]})  # drafted, not applied

	def test_zero_capacity_leaves_customers_unassigned_with_the_reason(self):
		for manager in self.managers.values():
			frappe.db.set_value("Account Manager", manager, "capacity", 0)
		customer = team_customer("无容量客户", "分配甲市")
		plan = frappe.get_doc(
			{
				"doctype": "Allocation Plan",
				"title": "零容量",
				"scope": "Service Team",
				"scope_service_team": TEAM,
			}
		).insert()
		from crm_assign.services.allocation.draft import draft_proposal

		draft_proposal(plan)
		plan.reload()
		self.assertEqual([(i.customer, i.proposed_owner) for i in plan.items], [(customer.name, None)])
		self.assertTrue(plan.items[0].reason)

	def test_scope_without_its_team_is_refused(self):
		plan = frappe.get_doc({"doctype": "Allocation Plan", "title": "缺范围", "scope": "Service Team"})
		self.assertRaises(frappe.ValidationError, plan.insert)
