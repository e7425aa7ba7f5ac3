"""Applying plans, auto-assign, leave delegation: the paths that change owners and commit as they go.

The apply job commits at chunk boundaries by design (a crash must not lose applied chunks), so these tests
commit their data and remove it afterwards.
"""

import frappe
from frappe.utils import add_days, add_to_date, nowdate

from crm_assign.services.allocation import apply as allocation_apply
from crm_assign.services.allocation.apply import apply_plan
from crm_assign.services.allocation.rebalance import daily_leave_delegation
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import TEST_DOMAIN, make_customer, make_manager, make_region, make_team, make_user

PREFIX = "应用测试"
TEAM = "应用测试组"


def cleanup():
	customers = frappe.get_all(
		"Managed Customer", filters={"customer_name": ("like", f"{PREFIX}%")}, pluck="name"
	)
	if customers:
		log = frappe.qb.DocType("Ownership Log")
		frappe.qb.from_(log).delete().where(
			log.customer.isin(customers)
		).run()  # append-only for users, not for test cleanup
		for name in customers:
			frappe.delete_doc("Managed Customer", name, force=True, ignore_permissions=True)
	for plan in frappe.get_all("Allocation Plan", filters={"title": ("like", f"{PREFIX}%")}, pluck="name"):
		frappe.db.delete("Allocation Plan Item", {"parent": plan})
		frappe.db.delete("Allocation Plan", {"name": plan})
		frappe.db.delete("Notification Log", {"document_type": "Allocation Plan", "document_name": plan})
	for manager in frappe.get_all(
		"Account Manager", filters={"name": ("like", f"apply-%@{TEST_DOMAIN}")}, pluck="name"
	):
		frappe.db.delete("Notification Log", {"for_user": manager})
		frappe.delete_doc("Account Manager", manager, force=True, ignore_permissions=True)
	frappe.db.commit()


class TestApplyAndAutoAssign(FrappeTestCase):
	def setUp(self):
		cleanup()
		frappe.db.set_single_value(
			"CRM Assign Settings", {"auto_assign_on_insert": 0, "approval_threshold_moves": 1000}
		)
		make_region("应用市")
		make_region("应用远市")
		make_team(TEAM)
		self.approver = make_user("apply-approver", roles=("Allocation Approver",))
		self.a = make_manager(
			"apply-a", level="Senior", service_team=TEAM, capacity=10, regions=[{"service_region": "应用市"}]
		).name
		self.b = make_manager(
			"apply-b",
			level="Senior",
			service_team=TEAM,
			capacity=10,
			regions=[{"service_region": "应用远市"}],
		).name
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		allocation_apply.CHUNK = 1000
		cleanup()

	def approved_plan(self, moves: list[tuple[str, str | None, str]]) -> str:
		plan = frappe.get_doc(
			{
				"doctype": "Allocation Plan",
				"title": f"{PREFIX}方案",
				"scope": "Service Team",
				"scope_service_team": TEAM,
				"items": [{"customer": c, "current_owner": f, "proposed_owner": t} for c, f, t in moves],
			}
		).insert()
		frappe.set_user(self.approver)
		try:
			plan.submit()
		finally:
			frappe.set_user("Administrator")
		frappe.db.commit()
		return plan.name

	def customers(self, count: int, owner: str | None = None) -> list[str]:
		names = [
			make_customer(f"{PREFIX}{i}", service_region="应用市", account_manager=owner).name
			for i in range(count)
		]
		frappe.db.commit()
		return names

	def test_apply_moves_owners_logs_each_change_once_and_notifies_each_manager_once(self):
		names = self.customers(3, owner=self.b)
		plan = self.approved_plan([(n, self.b, self.a) for n in names])
		counts = apply_plan(plan)

		self.assertEqual(counts, {"Applied": 3})
		self.assertEqual(
			{frappe.db.get_value("Managed Customer", n, "account_manager") for n in names}, {self.a}
		)
		logs = frappe.get_all(
			"Ownership Log",
			filters={"allocation_plan": plan},
			fields=["customer", "from_manager", "to_manager", "change_type"],
		)
		self.assertEqual(
			sorted((l.customer, l.from_manager, l.to_manager, l.change_type) for l in logs),
			sorted((n, self.b, self.a, "Plan") for n in names),
		)
		self.assertEqual(frappe.db.get_value("Allocation Plan", plan, "status"), "Applied")
		self.assertEqual(frappe.db.get_value("Account Manager", self.a, "current_load"), 3)
		self.assertEqual(frappe.db.get_value("Account Manager", self.b, "current_load"), 0)
		for user in (self.a, self.b):
			self.assertEqual(
				frappe.db.count("Notification Log", {"for_user": user, "document_name": plan}), 1, user
			)

	def test_managers_are_notified_also_when_the_approvers_were_told_about_the_plan_before(self):
		names = self.customers(2, owner=self.b)
		plan = self.approved_plan([(n, self.b, self.a) for n in names])
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		make_notification_logs(  # what notify_approvers left while the plan waited for approval
			{"subject": "waits", "document_type": "Allocation Plan", "document_name": plan, "type": "Alert"},
			[self.approver],
		)
		self.assertEqual(
			frappe.db.count("Notification Log", {"for_user": self.approver, "document_name": plan}), 1
		)
		log = frappe.qb.DocType("Notification Log")
		frappe.qb.update(log).set(log.creation, add_to_date(None, hours=-1)).where(
			log.document_name == plan
		).run()
		apply_plan(plan)
		for user in (self.a, self.b):
			self.assertEqual(
				frappe.db.count("Notification Log", {"for_user": user, "document_name": plan}), 1, user
			)

	def test_a_crash_half_way_and_a_rerun_apply_every_change_exactly_once(self):
		names = self.customers(5, owner=self.b)
		plan = self.approved_plan([(n, self.b, self.a) for n in names])
		allocation_apply.CHUNK = 2
		self.assertRaises(RuntimeError, apply_plan, plan, crash_after_chunks=1)
		frappe.db.rollback()  # what a crashed worker leaves: the committed first chunk only
		self.assertEqual(frappe.db.count("Ownership Log", {"allocation_plan": plan}), 2)
		self.assertEqual(frappe.db.get_value("Allocation Plan", plan, "status"), "Applying")

		self.assertEqual(apply_plan(plan), {"Applied": 3})
		self.assertEqual(frappe.db.count("Ownership Log", {"allocation_plan": plan}), 5)
		self.assertEqual(apply_plan_statuses(plan), {"Applied": 5})
		self.assertEqual(frappe.db.get_value("Account Manager", self.a, "current_load"), 5)
		self.assertEqual(frappe.db.get_value("Account Manager", self.b, "current_load"), 0)
		self.assertEqual(frappe.db.count("Notification Log", {"for_user": self.a, "document_name": plan}), 1)

	def test_stale_items_are_skipped_and_a_second_plan_never_overwrites_the_first(self):
		first, second = self.customers(2, owner=self.b)
		plan_1 = self.approved_plan([(first, self.b, self.a), (second, self.b, self.a)])
		plan_2 = self.approved_plan([(first, self.b, self.a)])
		customer = frappe.get_doc("Managed Customer", second)
		customer.account_manager = None  # changed by hand after approval
		customer.save()
		frappe.db.commit()

		self.assertEqual(apply_plan(plan_1), {"Applied": 1, "Skipped": 1})
		self.assertIsNone(frappe.db.get_value("Managed Customer", second, "account_manager"))
		self.assertEqual(apply_plan(plan_2), {"Skipped": 1})
		reasons = frappe.get_all("Allocation Plan Item", filters={"parent": plan_2}, pluck="skip_reason")
		self.assertEqual(reasons, ["Owner changed since the plan was drafted"])
		self.assertEqual(frappe.db.count("Ownership Log", {"customer": first}), 2)  # creation + plan 1

	def test_two_plans_applied_at_the_same_time_never_give_a_customer_two_changes(self):
		"""Two worker processes apply two plans for the same customers at once."""
		import json
		import os
		import subprocess
		import sys

		third = make_manager("apply-c", level="Senior", service_team=TEAM, capacity=10).name
		names = self.customers(6, owner=self.b)
		plans = [self.approved_plan([(n, self.b, to) for n in names]) for to in (self.a, third)]
		script = (
			"import json, sys, frappe\n"
			"frappe.init(site=sys.argv[1], sites_path=sys.argv[2]); frappe.connect()\n"
			"from crm_assign.services.allocation.apply import apply_plan\n"
			"print(json.dumps(apply_plan(sys.argv[3])))\n"
		)
		workers = [
			subprocess.Popen(
				[
					sys.executable,
					"-c",
					script,
					frappe.local.site,
					os.path.abspath(frappe.local.sites_path),
					plan,
				],
				stdout=subprocess.PIPE,
				stderr=subprocess.PIPE,
				text=True,
			)
			for plan in plans
		]
		outputs = [worker.communicate(timeout=300) for worker in workers]
		for worker, (_out, err) in zip(workers, outputs, strict=True):
			self.assertEqual(worker.returncode, 0, err[-2000:])
		results = [json.loads(out.strip().splitlines()[-1]) for out, _err in outputs]

		frappe.db.rollback()  # see what the two workers committed
		applied = sum(result.get("Applied", 0) for result in results)
		skipped = sum(result.get("Skipped", 0) for result in results)
		self.assertEqual((applied, skipped), (6, 6))
		for name in names:
			plan_logs = frappe.get_all(
				"Ownership Log", filters={"customer": name, "change_type": "Plan"}, pluck="to_manager"
			)
			self.assertEqual(len(plan_logs), 1, name)
			self.assertEqual(frappe.db.get_value("Managed Customer", name, "account_manager"), plan_logs[0])

	def test_auto_assign_picks_the_nearest_manager_and_logs_it(self):
		frappe.db.set_single_value("CRM Assign Settings", "auto_assign_on_insert", 1)
		frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")
		customer = make_customer(f"{PREFIX}自动", service_region="应用远市")
		self.assertEqual(customer.account_manager, self.b)
		self.assertEqual(customer.service_team, TEAM)
		log = frappe.get_last_doc("Ownership Log", filters={"customer": customer.name})
		self.assertEqual((log.to_manager, log.change_type), (self.b, "Auto"))
		self.assertEqual(frappe.db.get_value("Account Manager", self.b, "current_load"), 1)

	def test_auto_assign_never_fills_a_manager_past_capacity(self):
		frappe.db.set_single_value("CRM Assign Settings", "auto_assign_on_insert", 1)
		frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")
		frappe.db.set_value("Account Manager", self.a, "capacity", 1)
		b = frappe.get_doc("Account Manager", self.b)
		b.capacity = 1
		# b serves a's city as well: as near as a, nearer than any other manager the site may have
		b.append("regions", {"service_region": "应用市"})
		b.save()
		owners = [make_customer(f"{PREFIX}满{i}", service_region="应用市").account_manager for i in range(3)]
		self.assertEqual(owners[:2], [self.a, self.b])  # a first (a tie, broken by name), then b: a is full
		self.assertNotIn(
			owners[2], (self.a, self.b)
		)  # both full: someone else, or nobody on a site without others
		for manager in (self.a, self.b):
			self.assertEqual(frappe.db.get_value("Account Manager", manager, "current_load"), 1)

	def test_leave_hands_customers_to_the_deputy_and_back(self):
		names = self.customers(2, owner=self.a)
		manager = frappe.get_doc("Account Manager", self.a)
		manager.append(
			"leave_periods", {"from_date": nowdate(), "to_date": add_days(nowdate(), 3), "deputy": self.b}
		)
		manager.save()
		frappe.db.commit()

		self.assertEqual(daily_leave_delegation(), {"delegated": 2, "handed_back": 0})
		self.assertEqual(
			{frappe.db.get_value("Managed Customer", n, "account_manager") for n in names}, {self.b}
		)
		self.assertEqual(daily_leave_delegation(), {"delegated": 0, "handed_back": 0})  # once only

		frappe.db.set_single_value("CRM Assign Settings", "auto_assign_on_insert", 1)
		frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")
		during = make_customer(f"{PREFIX}休假期间", service_region="应用市")
		self.assertTrue(during.account_manager)
		self.assertNotEqual(during.account_manager, self.a)  # not parked on the absent manager

		self.assertEqual(daily_leave_delegation(add_days(nowdate(), 4)), {"delegated": 0, "handed_back": 2})
		self.assertEqual(
			{frappe.db.get_value("Managed Customer", n, "account_manager") for n in names}, {self.a}
		)
		kinds = frappe.get_all(
			"Ownership Log", filters={"customer": names[0]}, pluck="change_type", order_by="creation"
		)
		self.assertEqual(kinds, ["Manual", "Delegation", "Hand-back"])

	def test_an_inactive_manager_gets_a_draft_plan_for_their_customers(self):
		names = self.customers(2, owner=self.a)
		manager = frappe.get_doc("Account Manager", self.a)
		manager.status = "Inactive"
		manager.save()
		plan = frappe.get_last_doc("Allocation Plan", filters={"scope_account_manager": self.a})
		frappe.db.set_value("Allocation Plan", plan.name, "title", f"{PREFIX}离职")
		self.assertEqual(plan.docstatus, 0)
		self.assertEqual(sorted(i.customer for i in plan.items), sorted(names))
		active = set(frappe.get_all("Account Manager", filters={"status": "Active"}, pluck="name"))
		self.assertTrue(all(i.proposed_owner in active for i in plan.items))
		self.assertEqual(
			{frappe.db.get_value("Managed Customer", n, "account_manager") for n in names}, {self.a}
		)


def apply_plan_statuses(plan: str) -> dict:
	statuses = frappe.get_all("Allocation Plan Item", filters={"parent": plan}, pluck="apply_status")
	return {s: statuses.count(s) for s in set(statuses)}
