"""Record-level access in a real site (no HTTP): who sees which rows, forms and fields, and what an admin
changes in Desk. The HTTP routes are covered by test_security_http.py."""

import json

import frappe
from frappe.permissions import add_permission, update_permission_property
from frappe.tests.utils import change_settings
from frappe.utils import add_days, today

from crm_assign.exceptions import AgreementDateError
from crm_assign.permissions.rules import RULES, guarded_parents, is_guarded
from crm_assign.services.allocation.ownership import bulk_change_owners
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager, make_team, make_user

MC = "Managed Customer"


class TestRecordLevelAccess(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.leader = make_user("perm-leader", ("Team Leader",))
		make_team("Perm Root", is_group=1)
		make_team("Perm 'North", leader=cls.leader, parent="Perm Root", is_group=1)
		make_team("Perm North 1", parent="Perm 'North")
		make_team("Perm South", parent="Perm Root")
		cls.a = make_manager("perm-a", service_team="Perm North 1").name
		cls.b = make_manager("perm-b", service_team="Perm South").name
		cls.receptionist = make_user("perm-reception", ("Receptionist",))
		cls.auditor = make_user("perm-auditor", ("Customer Auditor",))
		cls.ca = make_customer("Perm Customer A", account_manager=cls.a, mobile_no="13800138000").name
		cls.cb = make_customer("Perm Customer B", account_manager=cls.b, mobile_no="13900139000").name

	def tearDown(self):
		frappe.set_user("Administrator")

	def visible(self, user: str, names: list[str] | None = None) -> set[str]:
		"""Which of A's and B's customers `user` gets from frappe.get_list."""
		frappe.set_user(user)
		rows = frappe.get_list(MC, filters={"name": ("in", names or [self.ca, self.cb])}, pluck="name")
		frappe.set_user("Administrator")
		return set(rows)

	def can_read(self, user: str, name: str, doctype: str = MC, ptype: str = "read") -> bool:
		return frappe.has_permission(doctype, ptype, doc=frappe.get_doc(doctype, name), user=user)

	def both(self):
		return {"name": ("in", [self.ca, self.cb])}

	def test_manager_sees_own_customers_and_own_manager_record(self):
		self.assertEqual(self.visible(self.a), {self.ca})
		self.assertTrue(self.can_read(self.a, self.ca))
		self.assertFalse(self.can_read(self.a, self.cb))
		frappe.set_user(self.a)
		managers = frappe.get_list(
			"Account Manager", filters={"name": ("in", [self.a, self.b])}, pluck="name"
		)
		self.assertEqual(managers, [self.a])

	def test_team_leader_sees_sub_teams_not_sibling_teams(self):
		"""The leader leads "Perm 'North" (quote in the name: values are escaped); A sits in its sub-team."""
		self.assertEqual(self.visible(self.leader), {self.ca})
		self.assertTrue(self.can_read(self.leader, self.ca))
		self.assertTrue(self.can_read(self.leader, self.a, "Account Manager"))
		self.assertFalse(self.can_read(self.leader, self.b, "Account Manager"))

	def test_customers_follow_their_manager_into_a_new_team(self):
		manager = make_manager("perm-mover", service_team="Perm North 1")
		customer = make_customer("Perm Mover Customer", account_manager=manager.name).name
		self.assertEqual(self.visible(self.leader, [customer]), {customer})
		manager.service_team = "Perm South"
		manager.save()
		self.assertEqual(frappe.db.get_value(MC, customer, "service_team"), "Perm South")
		self.assertEqual(self.visible(self.leader, [customer]), set())

	def test_department_sees_all_and_auditor_changes_nothing(self):
		self.assertEqual(self.visible(self.auditor), {self.ca, self.cb})
		self.assertTrue(self.can_read(self.auditor, self.cb))
		self.assertFalse(self.can_read(self.auditor, self.cb, ptype="write"))

	def test_receptionist_sees_basic_fields_of_every_customer_but_no_contact_fields(self):
		self.assertEqual(self.visible(self.receptionist), {self.ca, self.cb})
		frappe.set_user(self.receptionist)
		rows = frappe.get_list(MC, filters=self.both(), fields=["*"])
		self.assertTrue(rows)
		for row in rows:
			self.assertNotIn("mobile_no", row)
		doc = frappe.get_doc(MC, self.cb)
		doc.apply_fieldlevel_read_permissions()
		self.assertFalse(doc.get("mobile_no"))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list(MC, filters={"mobile_no": ("like", "139%")})

	def test_a_second_role_does_not_widen_contact_fields(self):
		"""An Account Manager who also receives visitors sees all customers' basic fields only through
		Receptionist; since contact fields come from Account Manager, rows stay scoped to A's own."""
		user = make_user("perm-a", ("Receptionist",))
		try:
			self.assertEqual(self.visible(user), {self.ca})
		finally:
			frappe.get_doc("User", user).remove_roles("Receptionist")

	def test_taking_or_giving_away_a_customer_through_a_write_is_refused(self):
		frappe.set_user(self.a)
		theirs = frappe.get_doc(MC, self.cb)
		theirs.account_manager = self.a  # a forged document: new values in scope, stored values not
		self.assertFalse(frappe.has_permission(MC, "write", doc=theirs))
		mine = frappe.get_doc(MC, self.ca)
		mine.account_manager = self.b
		self.assertFalse(frappe.has_permission(MC, "write", doc=mine))

	def test_change_of_owner_moves_access_and_removes_the_previous_owners_shares(self):
		customer = make_customer("Perm Moving", account_manager=self.a).name
		colleague = make_user("perm-colleague", ("Account Manager",))
		frappe.share.add_docshare(MC, customer, self.a, read=1, flags={"ignore_share_permission": 1})
		frappe.share.add_docshare(MC, customer, colleague, read=1, flags={"ignore_share_permission": 1})
		frappe.db.set_value("DocShare", {"share_name": customer, "user": colleague}, "owner", self.a)

		doc = frappe.get_doc(MC, customer)
		doc.account_manager = self.b
		doc.save()

		self.assertFalse(frappe.db.exists("DocShare", {"share_doctype": MC, "share_name": customer}))
		self.assertFalse(self.can_read(self.a, customer))
		self.assertFalse(self.can_read(colleague, customer))
		self.assertTrue(self.can_read(self.b, customer))

		frappe.share.add_docshare(MC, customer, self.b, read=1, flags={"ignore_share_permission": 1})
		bulk_change_owners([(customer, "Perm Moving", self.b, self.a)], "Plan", "test")
		self.assertFalse(frappe.db.exists("DocShare", {"share_doctype": MC, "share_name": customer}))
		frappe.clear_cache(user=self.b)
		self.assertFalse(self.can_read(self.b, customer))
		self.assertTrue(self.can_read(self.a, customer))

	def test_admin_widens_with_a_role_and_narrows_with_user_permissions_in_desk(self):
		"""Role Permission Manager: a new role with read on Managed Customer sees every row (it is not a
		scoped role); a User Permission on Service Team then narrows that user to one team."""
		role = "Perm Regional Director"
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert()
		add_permission(MC, role, 0)
		update_permission_property(MC, role, 0, "read", 1)
		self.addCleanup(frappe.clear_cache, doctype=MC)
		director = make_user("perm-director", (role,))
		self.assertEqual(self.visible(director), {self.ca, self.cb})

		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": director,
				"allow": "Service Team",
				"for_value": "Perm South",
			}
		).insert()
		frappe.clear_cache(user=director)
		self.assertEqual(self.visible(director), {self.cb})

	def test_without_a_valid_confidentiality_agreement_managers_and_receptionists_see_no_customers(self):
		def agreement(user, signed_on, valid_until=None):
			return frappe.get_doc(
				{
					"doctype": "Confidentiality Agreement",
					"user": user,
					"signed_on": signed_on,
					"valid_until": valid_until,
					"document": "/private/files/agreement.pdf",
				}
			).insert()

		with change_settings("CRM Assign Settings", {"require_confidentiality_agreement": 1}):
			self.assertEqual(self.visible(self.a), set())
			self.assertFalse(self.can_read(self.a, self.ca))
			self.assertEqual(self.visible(self.receptionist), set())
			self.assertEqual(self.visible(self.leader), {self.ca}, "team leaders are not bound")

			expired = agreement(self.a, add_days(today(), -400), add_days(today(), -1))
			self.assertEqual(self.visible(self.a), set())
			expired.valid_until = add_days(today(), 30)
			expired.save()
			self.assertEqual(self.visible(self.a), {self.ca})
			agreement(self.receptionist, today())
			self.assertEqual(self.visible(self.receptionist), {self.ca, self.cb})
		self.assertEqual(self.visible(self.a), {self.ca})
		with self.assertRaises(AgreementDateError):
			agreement(self.b, today(), add_days(today(), -1))

	def test_version_rows_never_store_permlevel_values(self):
		version = frappe.get_doc(
			{
				"doctype": "Version",
				"ref_doctype": MC,
				"docname": self.ca,
				"data": json.dumps({"changed": [["mobile_no", "1", "2"], ["notes", "old", "new"]]}),
			}
		).insert(ignore_permissions=True)
		self.assertEqual(json.loads(version.data)["changed"], [["notes", "old", "new"]])

	def test_every_doctype_that_carries_a_customer_or_manager_is_guarded(self):
		app_doctypes = frappe.get_all(
			"DocType", filters={"module": ("in", frappe.get_module_list("crm_assign"))}, pluck="name"
		)
		link = frappe.get_all(
			"DocField",
			filters={
				"parent": ("in", app_doctypes),
				"fieldtype": "Link",
				"options": ("in", [MC, "Account Manager"]),
			},
			pluck="parent",
			distinct=True,
		)
		unguarded = sorted(d for d in [*link, MC, "Account Manager"] if not is_guarded(d))
		self.assertEqual(unguarded, [])
		self.assertTrue(set(guarded_parents()) <= set(RULES))
