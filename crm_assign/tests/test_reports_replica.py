"""Every report of the app runs on a read replica when the site routes reads to one.

`frappe.desk.query_report.run` is `frappe.read_only()`: with `read_from_replica` set it swaps the connection
for the replica's. A SELECT-only MariaDB user on the same database stands in for the replica, so a report
that writes anything while it runs fails here; and a customer inserted (uncommitted) on the primary
connection is invisible to the replica's, which proves the report really read through the replica.
"""

import os

import frappe
import pymysql

from crm_assign.permissions.overrides import run_report
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.report_factories import as_user, insert_row
from crm_assign.tests.utils import make_manager, make_team, make_user

REPLICA_USER = "crm_assign_replica"
REPLICA_PASSWORD = "replica-read-only"
TEAM = "只读副本组"
WIDE = {"from_date": "2000-01-01", "to_date": "2099-12-31"}
FILTERS = {
	"Allocation and Workload": {"group_by": "Account Manager", "service_team": TEAM},
	"Account Manager Scorecard": WIDE,
	"Customer Access Log": WIDE,
	"Ownership History": {**WIDE, "period": "Month"},
	"New Customer Development": {
		"from_month": "2026-01-01",
		"to_month": "2026-12-01",
		"group_by": "Account Manager",
	},
	"Complaint SLA": {**WIDE, "group_by": "Responsible Person"},
	"Visit Compliance": {**WIDE, "group_by": "Account Manager"},
}


def _root_connection():
	return pymysql.connect(
		host=frappe.conf.db_host or "localhost",
		port=int(frappe.conf.db_port or 3306),
		user="root",
		password=os.environ.get("CRM_ASSIGN_DB_ROOT_PASSWORD", "root"),
	)


def _create_replica_user() -> None:
	connection = _root_connection()
	try:
		with connection.cursor() as cursor:
			for host in ("localhost", "127.0.0.1", "%"):
				cursor.execute(
					f"CREATE USER IF NOT EXISTS '{REPLICA_USER}'@'{host}' IDENTIFIED BY '{REPLICA_PASSWORD}'"
				)
				cursor.execute(f"GRANT SELECT ON `{frappe.conf.db_name}`.* TO '{REPLICA_USER}'@'{host}'")
	finally:
		connection.close()


def _run(report: str, user: str, replica: bool) -> dict:
	conf = frappe.local.conf
	keys = {
		"read_from_replica": 1,
		"replica_host": frappe.conf.db_host or "localhost",
		"different_credentials_for_replica": 1,
		"replica_db_name": REPLICA_USER,
		"replica_db_password": REPLICA_PASSWORD,
	}
	saved = {key: conf.get(key) for key in keys}
	if replica:
		conf.update(keys)
	try:
		return as_user(user, run_report, report, filters=frappe.as_json(FILTERS[report]))
	finally:
		conf.update(saved)
		for attribute in ("replica_db", "primary_db"):
			if hasattr(frappe.local, attribute):
				delattr(frappe.local, attribute)


class TestReportsOnReplica(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		try:
			_create_replica_user()
		except pymysql.err.OperationalError as error:
			raise cls.failureException(
				f"cannot create the read-only replica user (set CRM_ASSIGN_DB_ROOT_PASSWORD): {error}"
			) from error
		frappe.db.set_single_value("CRM Assign Settings", {"auto_assign_on_insert": 0})
		cls.department = make_user("replica-department", ("Customer Manager",))
		make_team(TEAM)
		cls.manager = make_manager("replica-am", service_team=TEAM, capacity=5).name
		frappe.get_doc("User", cls.manager).add_roles("Account Manager")
		cls.customer = insert_row(
			"Managed Customer",
			customer_name="副本客户一",
			account_manager=cls.manager,
			service_team=TEAM,
			grade="B",
			status="Active",
		)
		frappe.db.commit()  # the replica connection sees committed rows only

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		frappe.db.delete("Managed Customer", {"account_manager": cls.manager})
		frappe.delete_doc_if_exists("Account Manager", cls.manager, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_every_report_runs_on_the_replica_with_the_primarys_answer(self):
		app_reports = frappe.get_all(
			"Report",
			filters={"module": ("in", frappe.get_module_list("crm_assign")), "report_type": "Script Report"},
			pluck="name",
		)
		self.assertEqual(set(app_reports), set(FILTERS), "every report of the app is tried")
		tried = 0
		for report in sorted(app_reports):
			for user in (self.department, self.manager):
				if not as_user(user, frappe.get_doc("Report", report).is_permitted):
					continue  # e.g. the access log is for the department's auditors only
				with self.subTest(report=report, user=user):
					primary = _run(report, user, replica=False)
					replica = _run(report, user, replica=True)
					self.assertEqual(replica["result"], primary["result"])
					self.assertEqual(replica.get("chart"), primary.get("chart"))
					tried += 1
		self.assertGreaterEqual(tried, 2 * len(FILTERS) - 1)  # all but the access log for both users

	def test_the_report_reads_through_the_replica_connection(self):
		insert_row(  # uncommitted: the primary connection sees it, the replica's does not
			"Managed Customer",
			customer_name="副本客户二",
			account_manager=self.manager,
			service_team=TEAM,
			grade="B",
			status="Active",
		)

		def customers_of_manager(result):
			rows = [r for r in result["result"] if isinstance(r, dict) and r.get("account_manager")]
			return {r["account_manager"]: r.get("customers") for r in rows}

		primary = customers_of_manager(_run("Allocation and Workload", self.department, replica=False))
		replica = customers_of_manager(_run("Allocation and Workload", self.department, replica=True))
		self.assertEqual(primary[self.manager], 2)
		self.assertEqual(replica[self.manager], 1)
