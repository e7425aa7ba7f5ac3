import json

import frappe
from frappe.desk.desktop import get_desktop_page, get_workspace_sidebar_items

from crm_assign.setup.install import ROLES
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_user

WORKSPACE = "Customer Assignment"


class TestWorkspace(FrappeTestCase):
	def test_workspace_loads_for_each_role(self):
		for role in ROLES:
			user = make_user(f"ws-{frappe.scrub(role)}", roles=(role,))
			frappe.set_user(user)
			try:
				sidebar = [page["name"] for page in get_workspace_sidebar_items()["pages"]]
				self.assertIn(WORKSPACE, sidebar, role)
				page = get_desktop_page(json.dumps({"name": WORKSPACE, "title": WORKSPACE}))
				links = [link["link_to"] for card in page["cards"]["items"] for link in card["links"]]
				self.assertIn("Managed Customer", links, role)
				self.assertTrue(page["shortcuts"]["items"], role)
			finally:
				frappe.set_user("Administrator")

	def test_number_cards_count_what_they_say(self):
		from frappe.desk.doctype.number_card.number_card import get_result

		before = get_result(frappe.get_doc("Number Card", "Unassigned Customers"), None)
		frappe.get_doc({"doctype": "Managed Customer", "customer_name": "数字卡片客户"}).insert()
		after = get_result(frappe.get_doc("Number Card", "Unassigned Customers"), None)
		self.assertEqual(after, before + 1)

	def test_every_doctype_and_report_of_the_app_is_on_the_workspace(self):
		modules = frappe.get_module_list("crm_assign")
		doctypes = frappe.get_all("DocType", filters={"module": ("in", modules), "istable": 0}, pluck="name")
		reports = frappe.get_all("Report", filters={"module": ("in", modules)}, pluck="name")
		linked = {link.link_to for link in frappe.get_doc("Workspace", WORKSPACE).links if link.link_to}
		self.assertEqual(sorted(set(doctypes) - linked), [])
		self.assertEqual(sorted(set(reports) - linked), [])
