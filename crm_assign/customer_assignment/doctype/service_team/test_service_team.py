import frappe
from frappe.utils.nestedset import NestedSetRecursionError

from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_team, make_user


class TestServiceTeam(FrappeTestCase):
	def test_tree_refuses_cycles(self):
		make_team("测试部", is_group=1)
		make_team("测试子部", parent="测试部", is_group=1)
		root = frappe.get_doc("Service Team", "测试部")
		root.parent_service_team = "测试子部"
		self.assertRaises(NestedSetRecursionError, root.save)

	def test_team_leader_gets_the_team_leader_role(self):
		leader = make_user("team-leader-role")
		make_team("组长角色测试组", leader=leader)
		self.assertIn("Team Leader", frappe.get_roles(leader))
