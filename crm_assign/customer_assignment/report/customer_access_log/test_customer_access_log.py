import frappe
from frappe.core.doctype.access_log.access_log import make_access_log

from crm_assign.customer_assignment.report.customer_access_log.customer_access_log import execute
from crm_assign.permissions.overrides import getdoc
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager, make_team, make_user


class TestCustomerAccessLog(FrappeTestCase):
	def test_reads_by_non_owners_and_prints_are_listed_with_their_basis(self):
		leader = make_user("audit-leader", ("Team Leader",))
		make_team("Audit Team", leader=leader)
		owner = make_manager("audit-owner", service_team="Audit Team").name
		auditor = make_user("audit-auditor", ("Customer Auditor",))
		customer = make_customer("Audit Customer", account_manager=owner).name

		for user in (owner, leader, auditor):
			frappe.set_user(user)
			frappe.local.response = frappe._dict(docs=[])
			getdoc("Managed Customer", customer)
		frappe.set_user(auditor)
		make_access_log(doctype="Managed Customer", document=customer, file_type="PDF", method="Print")
		frappe.set_user("Administrator")

		columns, data, *_rest, summary = execute(frappe._dict(customer=customer))
		seen = sorted((row.user, row.basis, row.action) for row in data)
		self.assertEqual(
			seen,
			sorted(
				[
					(leader, "Team Leader", "View"),
					(auditor, "Department", "View"),
					(auditor, "Department", "Print"),
				]
			),
		)
		self.assertEqual({row.customer for row in data}, {customer})
		self.assertEqual(summary[0]["value"], 3)
		self.assertIn("basis", [c["fieldname"] for c in columns])
