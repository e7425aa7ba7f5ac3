import frappe

from crm_assign.exceptions import CapacityError, DuplicateRowError, LeavePeriodError
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_manager, make_skill, make_user


class TestAccountManager(FrappeTestCase):
	def test_negative_capacity_is_refused_with_a_clear_error(self):
		user = make_user("am-negative")
		doc = frappe.get_doc({"doctype": "Account Manager", "user": user, "capacity": -1})
		self.assertRaises(CapacityError, doc.insert)

	def test_a_user_can_be_one_account_manager_only(self):
		make_manager("am-unique")
		duplicate = frappe.get_doc(
			{"doctype": "Account Manager", "user": make_user("am-unique"), "capacity": 5}
		)
		self.assertRaises(frappe.DuplicateEntryError, duplicate.insert)

	def test_saving_gives_the_user_the_account_manager_role(self):
		manager = make_manager("am-role")
		self.assertIn("Account Manager", frappe.get_roles(manager.user))

	def test_skill_listed_twice_is_refused(self):
		skill = make_skill("测试技能")
		user = make_user("am-skills")
		doc = frappe.get_doc(
			{
				"doctype": "Account Manager",
				"user": user,
				"capacity": 5,
				"skills": [{"skill": skill, "proficiency": 3}, {"skill": skill, "proficiency": 4}],
			}
		)
		self.assertRaises(DuplicateRowError, doc.insert)

	def test_overlapping_leave_and_self_deputy_are_refused(self):
		manager = make_manager("am-leave")
		manager.append("leave_periods", {"from_date": "2026-01-01", "to_date": "2026-01-10"})
		manager.append("leave_periods", {"from_date": "2026-01-10", "to_date": "2026-01-20"})
		self.assertRaises(LeavePeriodError, manager.save)

		manager.reload()
		manager.append(
			"leave_periods", {"from_date": "2026-02-01", "to_date": "2026-02-03", "deputy": manager.name}
		)
		self.assertRaises(LeavePeriodError, manager.save)

	def test_disabled_user_cannot_be_an_active_manager(self):
		user = make_user("am-disabled")
		frappe.db.set_value("User", user, "enabled", 0)
		doc = frappe.get_doc({"doctype": "Account Manager", "user": user, "capacity": 5})
		self.assertRaises(frappe.ValidationError, doc.insert)
		doc.status = "Inactive"
		doc.insert()
		self.assertTrue(frappe.db.exists("Account Manager", user))
