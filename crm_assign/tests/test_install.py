import json

import frappe

from crm_assign.setup.install import NUMBER_CARDS, ROLES, setup
from crm_assign.tests import FrappeTestCase

DOCTYPES_AND_FIELDS = {
	"Managed Customer": (
		"customer_name",
		"customer_type",
		"industry",
		"service_region",
		"address",
		"contact_person",
		"mobile_no",
		"phone",
		"email_id",
		"id_number",
		"required_skills",
		"grade",
		"lifecycle_stage",
		"status",
		"source_channel",
		"account_manager",
		"service_team",
		"first_deal_date",
		"last_activity_date",
		"expected_annual_value",
		"data_completeness",
	),
	"Account Manager": (
		"user",
		"service_team",
		"level",
		"capacity",
		"skills",
		"regions",
		"status",
		"leave_periods",
		"performance_score",
	),
	"Service Team": ("team_name", "team_leader", "parent_service_team", "lft", "rgt"),
	"Service Region": ("region_name", "region_type", "parent_service_region", "latitude", "longitude"),
	"Skill": ("skill_name",),
	"Allocation Plan": ("scope", "status", "approved_by", "items", "gini_before", "gini_after"),
	"Allocation Plan Item": ("customer", "current_owner", "proposed_owner", "score", "reason"),
	"Ownership Log": (
		"customer",
		"from_manager",
		"to_manager",
		"allocation_plan",
		"changed_by",
		"reason",
		"changed_at",
	),
	"Customer Visit": (
		"visit_type",
		"customer",
		"account_manager",
		"planned_start",
		"meeting_room",
		"satisfaction",
	),
	"Customer Complaint": (
		"customer",
		"severity",
		"category",
		"responsible_person",
		"sla_status",
		"satisfaction",
	),
	"Service Level Policy": ("policy_name", "targets", "pause_on_statuses"),
	"Customer Transaction": ("customer", "transaction_date", "amount", "transaction_type", "account_manager"),
	"Admission Application": ("customer", "criteria", "total_score", "expected_annual_amount"),
	"Development Quota": ("account_manager", "month", "quota", "department_type"),
	"CRM Assign Settings": ("working_days", "return_visit_days", "auto_assign_on_insert"),
}


class TestInstall(FrappeTestCase):
	def test_every_doctype_exists_with_its_core_fields(self):
		for doctype, fields in DOCTYPES_AND_FIELDS.items():
			meta = frappe.get_meta(doctype)
			self.assertEqual(
				meta.module in ("Customer Assignment", "Customer Service", "Customer Lifecycle"), True
			)
			missing = [f for f in fields if not meta.has_field(f)]
			self.assertEqual(missing, [], doctype)

	def test_roles_number_cards_and_workspace_exist(self):
		for role in ROLES:
			self.assertTrue(frappe.db.exists("Role", role), role)
		for card in NUMBER_CARDS:
			self.assertTrue(frappe.db.exists("Number Card", card["name"]), card["name"])
		workspace = frappe.get_doc("Workspace", "Customer Assignment")
		linked = {link.link_to for link in workspace.links if link.type == "Link"}
		self.assertTrue(set(DOCTYPES_AND_FIELDS) - {"Allocation Plan Item"} <= linked)

	def test_setup_runs_twice_without_duplicates(self):
		before = (frappe.db.count("Role"), frappe.db.count("Number Card"), frappe.db.count("Singles"))
		setup()
		setup()
		after = (frappe.db.count("Role"), frappe.db.count("Number Card"), frappe.db.count("Singles"))
		self.assertEqual(before, after)

	def test_frappe_administration_workspaces_are_for_administrators_and_an_admin_choice_stays(self):
		from frappe.desk.desktop import get_workspace_sidebar_items

		from crm_assign.setup.frappe_workspaces import ADMIN_WORKSPACES

		def roles_of(name):
			return set(frappe.get_all("Has Role", {"parenttype": "Workspace", "parent": name}, pluck="role"))

		setup()
		for name, roles in ADMIN_WORKSPACES.items():
			self.assertEqual(roles_of(name), set(roles), name)
		user = "ws-manager@test.crm-assign.example"
		if not frappe.db.exists("User", user):
			frappe.get_doc(
				{"doctype": "User", "email": user, "first_name": "WS", "send_welcome_email": 0}
			).insert()
		frappe.get_doc("User", user).add_roles("Account Manager")
		frappe.set_user(user)
		try:
			offered = {page["name"] for page in get_workspace_sidebar_items()["pages"]}
		finally:
			frappe.set_user("Administrator")
		self.assertIn("Customer Assignment", offered)
		self.assertFalse(offered & set(ADMIN_WORKSPACES), offered)
		tools = frappe.get_doc("Workspace", "Tools")  # an admin shows Tools to everybody
		frappe.db.delete("Has Role", {"parenttype": "Workspace", "parent": "Tools"})
		frappe.get_doc(
			{
				"doctype": "Has Role",
				"parenttype": "Workspace",
				"parentfield": "roles",
				"parent": tools.name,
				"role": "All",
			}
		).db_insert()
		setup()
		self.assertEqual(roles_of("Tools"), {"All"})
		frappe.db.rollback()

	def test_settings_choice_survives_setup(self):
		frappe.db.set_single_value("CRM Assign Settings", "return_visit_days", 5)
		setup()
		self.assertEqual(frappe.db.get_single_value("CRM Assign Settings", "return_visit_days"), 5)

	def test_each_staff_role_has_read_on_the_customer(self):
		roles = {
			p.role for p in frappe.get_meta("Managed Customer").permissions if p.read and not p.permlevel
		}
		self.assertTrue(set(ROLES) <= roles)
