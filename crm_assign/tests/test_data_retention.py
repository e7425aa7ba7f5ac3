"""Retention of exited customers' data, end to end in the site: the daily proposal (boundaries 1094/1095/1096
days), approval by another Customer Manager, the anonymisation (fields, Versions, comments, files gone; report
figures unchanged), a crash half-way and the rerun, and customers that came back.

The erasure job commits at chunk boundaries by design, so these tests commit their data and remove it after
(`data_request_factories.cleanup`).
"""

import os
from unittest.mock import patch

import frappe
from frappe.query_builder import Table
from frappe.utils import add_days, nowdate

from crm_assign.customer_assignment.report.account_manager_scorecard.account_manager_scorecard import (
	execute as scorecard,
)
from crm_assign.exceptions import SelfApprovalError
from crm_assign.services.data_protection import data_retention
from crm_assign.services.data_protection.anonymise import anonymise_customers
from crm_assign.services.data_protection.customer_records import CUSTOMER
from crm_assign.services.data_protection.data_retention import due_customers, propose_erasure, run_erasure
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.data_request_factories import (
	ERASURE,
	cleanup,
	leave,
	marked_customer,
	marked_customers,
	rich_customer,
)
from crm_assign.tests.lifecycle_factories import act_as, actions_for
from crm_assign.tests.utils import TEST_DOMAIN, log_rows, make_manager, make_user

RETENTION = 1095
SETTINGS = "CRM Assign Settings"


def ours(rows) -> set[str]:
	return {row.customer for row in rows} & set(marked_customers())


def request_for(customers: list[str], user: str = "Administrator") -> str:
	"""A manual erasure request for these customers, made by `user`."""
	frappe.set_user(user)
	try:
		doc = frappe.get_doc({"doctype": ERASURE, "customers": [{"customer": c} for c in customers]}).insert()
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	return doc.name


def auth_rows(customer: str) -> int:
	auth = Table("__Auth")
	return len(
		frappe.qb.from_(auth)
		.select(auth.name)
		.where((auth.doctype == CUSTOMER) & (auth.name == customer))
		.run()
	)


class RetentionCase(FrappeTestCase):
	def setUp(self):
		cleanup()
		self.settings = {
			field: frappe.db.get_single_value(SETTINGS, field)
			for field in ("auto_assign_on_insert", "exited_customer_retention_days")
		}
		frappe.db.set_single_value(
			SETTINGS, {"auto_assign_on_insert": 0, "exited_customer_retention_days": RETENTION}
		)
		self.cm_1 = make_user("retention-cm-1", ("Customer Manager",))
		self.cm_2 = make_user("retention-cm-2", ("Customer Manager",))
		self.am = make_manager("retention-am").name
		frappe.get_doc("User", self.am).add_roles("Account Manager")
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		data_retention.CHUNK = 500
		cleanup()
		frappe.db.set_single_value(SETTINGS, self.settings)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		# the committed manager would otherwise take part in later tests' auto-assign and reports
		frappe.delete_doc_if_exists("Account Manager", f"retention-am@{TEST_DOMAIN}", force=True)
		frappe.db.commit()
		super().tearDownClass()


class TestProposal(RetentionCase):
	def test_the_daily_job_proposes_exactly_the_customers_past_retention(self):
		days = {}
		for label, ago, status in (
			("保存期前一天", RETENTION - 1, "Exited"),
			("保存期当天", RETENTION, "Exited"),
			("保存期后一天", RETENTION + 1, "Exited"),
			("黑名单客户", 2000, "Blacklisted"),
		):
			customer = marked_customer(f"保存期{label}").name
			leave(customer, ago, status)
			days[label] = customer
		came_back = marked_customer("保存期回归客户").name
		leave(came_back, 3000)
		frappe.db.set_value(CUSTOMER, came_back, "status", "Active")
		marked_customer("保存期活跃客户")
		frappe.db.commit()

		expected = {days["保存期后一天"], days["黑名单客户"]}
		self.assertEqual(ours(due_customers()), expected)

		name = propose_erasure()
		request = frappe.get_doc(ERASURE, name)
		self.assertEqual(ours(request.customers), expected)
		self.assertEqual(
			(request.status, request.source, request.docstatus), ("Pending Approval", "Retention Job", 0)
		)
		self.assertEqual(request.retention_days, RETENTION)
		self.assertEqual(str(request.left_before), add_days(nowdate(), -RETENTION))
		rows = {row.customer: row for row in request.customers}
		self.assertEqual(rows[days["黑名单客户"]].customer_status, "Blacklisted")
		self.assertEqual(str(rows[days["保存期后一天"]].left_on), add_days(nowdate(), -(RETENTION + 1)))
		self.assertIsNone(propose_erasure(), "one open request at a time")
		self.assertEqual(ours(due_customers()), set(), "customers on an open request are held")

	def test_retention_zero_switches_it_off(self):
		leave(marked_customer("保存期关闭客户").name, 5000)
		frappe.db.set_single_value(SETTINGS, "exited_customer_retention_days", 0)
		self.assertEqual(due_customers(), [])
		self.assertIsNone(propose_erasure())

	def test_kept_customers_come_back_only_after_another_retention_period(self):
		kept, erased = (marked_customer(f"保存期保留{i}").name for i in range(2))
		for customer in (kept, erased):
			leave(customer, RETENTION + 10)
		request = frappe.get_doc(ERASURE, request_for([kept, erased], self.cm_1))
		request.customers[0].keep = 1
		request.customers[0].keep_reason = "诉讼保全"
		request.save()
		frappe.db.commit()
		act_as(self.cm_2, request, "Approve")
		statuses = dict(
			frappe.get_all(
				"Customer Data Erasure Item",
				{"parent": request.name},
				["customer", "erasure_status"],
				as_list=True,
			)
		)
		self.assertEqual(statuses, {kept: "Kept", erased: "Anonymised"})
		self.assertEqual(ours(due_customers()), set())
		self.assertEqual(ours(due_customers(add_days(nowdate(), RETENTION + 1))), {kept})


class TestApproval(RetentionCase):
	def test_erasure_needs_another_customer_managers_approval(self):
		customer = rich_customer("审批客户", owner=self.am).customer
		leave(customer, RETENTION + 1)
		frappe.db.commit()
		request = frappe.get_doc(ERASURE, request_for([customer], self.cm_1))

		self.assertRaises(frappe.PermissionError, actions_for, self.am, request)  # cannot even read it
		self.assertEqual(actions_for(self.cm_2, request), ["Approve", "Reject"])
		self.assertRaises(frappe.ValidationError, act_as, self.cm_1, request, "Approve")
		frappe.set_user(self.cm_1)
		request.reload()
		request.status = "Approved"
		self.assertRaises((frappe.ValidationError, frappe.PermissionError), request.submit)
		frappe.set_user("Administrator")
		frappe.db.rollback()
		request.reload()
		self.assertEqual(
			frappe.db.get_value(CUSTOMER, customer, "contact_person"), "王先生", "nothing erased yet"
		)

		request = act_as(self.cm_2, request, "Approve")
		self.assertEqual((request.status, request.docstatus, request.decided_by), ("Approved", 1, self.cm_2))
		self.assertEqual((request.erasure_status, request.anonymised_count), ("Completed", 1))
		self.assertIsNone(frappe.db.get_value(CUSTOMER, customer, "contact_person"))

	def test_the_controller_refuses_self_approval_even_without_the_workflow(self):
		customer = marked_customer("无工作流客户").name
		leave(customer, RETENTION + 1)
		request = frappe.get_doc(ERASURE, request_for([customer], self.cm_1))
		workflow = "Customer Data Erasure Approval"
		frappe.db.set_value("Workflow", workflow, "is_active", 0)
		frappe.clear_cache(doctype=ERASURE)
		try:
			frappe.set_user(self.cm_1)
			request.status = "Approved"
			self.assertRaises(SelfApprovalError, request.submit)
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback()
			frappe.db.set_value("Workflow", workflow, "is_active", 1)
			frappe.db.commit()
			frappe.clear_cache(doctype=ERASURE)

	def test_a_rejected_request_erases_nothing(self):
		customer = rich_customer("驳回客户", owner=self.am).customer
		leave(customer, RETENTION + 1)
		request = act_as(self.cm_2, frappe.get_doc(ERASURE, request_for([customer], self.cm_1)), "Reject")
		self.assertEqual((request.status, request.erasure_status), ("Rejected", ""))
		self.assertEqual(request.customers[0].erasure_status, "Kept")
		self.assertEqual(frappe.db.get_value(CUSTOMER, customer, "contact_person"), "王先生")


class TestAnonymisation(RetentionCase):
	def test_after_approval_personal_data_is_gone_and_report_figures_are_unchanged(self):
		world = rich_customer("匿名化客户", owner=self.am)
		customer = world.customer
		leave(customer, RETENTION + 1)
		blacklisted = rich_customer("匿名化黑名单客户", owner=self.am, number=1).customer
		entry = frappe.get_doc(
			{
				"doctype": "Customer Blacklist",
				"customer": blacklisted,
				"customer_name": "匿名化黑名单客户",
				"mobile_no": "13900139000",
				"reason": "Fraud",
			}
		).insert(ignore_permissions=True)
		leave(blacklisted, RETENTION + 1, "Blacklisted")
		frappe.db.commit()
		filters = frappe._dict(from_date=add_days(nowdate(), -60), to_date=nowdate(), account_manager=self.am)
		before = scorecard(filters)[1]
		figures_before = frappe.db.get_value(
			CUSTOMER, customer, ["account_manager", "grade", "status", "total_sales_12m", "data_completeness"]
		)

		for doctype, name in ((CUSTOMER, customer), ("Customer Visit", world.visit)):
			self.assertTrue(frappe.db.exists("Version", {"ref_doctype": doctype, "docname": name}), doctype)
		self.assertTrue(frappe.db.exists("Comment", {"reference_name": customer, "comment_type": "Comment"}))
		self.assertTrue(frappe.db.exists("Communication", {"reference_name": customer}))
		self.assertTrue(frappe.db.exists("Tag Link", {"document_name": customer}))
		self.assertTrue(os.path.exists(world.file_path))
		encrypted = frappe.get_meta(CUSTOMER).get_field("id_number").fieldtype == "Password"
		self.assertEqual(auth_rows(customer), 1 if encrypted else 0)

		request = act_as(
			self.cm_2, frappe.get_doc(ERASURE, request_for([customer, blacklisted], self.cm_1)), "Approve"
		)
		self.assertEqual(request.anonymised_count, 2)

		row = frappe.db.get_value(CUSTOMER, customer, ["*"], as_dict=True)
		self.assertEqual(row.customer_name, f"Anonymised {customer}")
		for field in ("contact_person", "email_id", "mobile_no", "phone", "id_number", "address", "notes"):
			self.assertIsNone(row[field], field)
		self.assertIsNone(row.get("id_number_hash"))
		self.assertEqual((row.contact_verified, row.contact_verified_on), (0, None))
		self.assertEqual(auth_rows(customer), 0, "the encrypted ID number is gone")
		self.assertNotIn(world.id_number, frappe.as_json(row))
		self.assertEqual(
			frappe.db.get_value(
				CUSTOMER,
				customer,
				["account_manager", "grade", "status", "total_sales_12m", "data_completeness"],
			),
			figures_before,
		)
		for doctype, name in (
			(CUSTOMER, customer),
			("Customer Visit", world.visit),
			("Customer Complaint", world.complaint),
		):
			self.assertFalse(frappe.db.exists("Version", {"ref_doctype": doctype, "docname": name}), doctype)
		self.assertFalse(frappe.db.exists("Comment", {"reference_name": customer, "comment_type": "Comment"}))
		self.assertFalse(frappe.db.exists("Communication", {"reference_name": customer}))
		self.assertFalse(frappe.db.exists("Tag Link", {"document_name": customer}))
		self.assertFalse(frappe.db.exists("File", world.file))
		self.assertFalse(os.path.exists(world.file_path), "the file left the disk")

		visit = frappe.db.get_value(
			"Customer Visit",
			world.visit,
			["customer_name", "purpose", "outcome", "satisfaction"],
			as_dict=True,
		)
		self.assertEqual(
			(visit.customer_name, visit.purpose, visit.outcome, visit.satisfaction),
			(f"Anonymised {customer}", None, None, 0.8),
		)
		follow_ups = frappe.get_all("Visit Follow Up", {"parent": world.visit}, ["action", "due_date"])
		self.assertEqual([(f.action, bool(f.due_date)) for f in follow_ups], [("Anonymised", True)])
		complaint = frappe.db.get_value(
			"Customer Complaint",
			world.complaint,
			["subject", "description", "status", "satisfaction"],
			as_dict=True,
		)
		self.assertEqual(
			(complaint.subject, complaint.description, complaint.status),
			("Anonymised", "Anonymised", "Resolved"),
		)
		self.assertEqual(
			frappe.db.get_value("Satisfaction Survey", world.survey, ["comment", "token", "rating"]),
			(None, None, 0.6),
		)
		self.assertEqual(
			frappe.db.get_value("Customer Transaction", world.sale, ["amount", "customer_name"]),
			(1234.5, f"Anonymised {customer}"),
		)
		self.assertEqual(
			log_rows(
				"Lifecycle Log",
				{"customer": customer, "source": "Exit"},
				["customer_name", "reason", "to_value"],
			),
			[(f"Anonymised {customer}", None, "Exited")],
		)

		self.assertEqual(
			frappe.db.get_value("Customer Blacklist", entry.name, ["customer_name", "mobile_no", "status"]),
			("匿名化黑名单客户", "13900139000", "Blacklisted"),
			"an active blacklist entry still recognises the customer",
		)
		self.assertEqual(
			frappe.db.get_value(CUSTOMER, blacklisted, "customer_name"), f"Anonymised {blacklisted}"
		)
		self.assertEqual(
			{r.customer_name for r in frappe.get_doc(ERASURE, request.name).customers},
			{f"Anonymised {customer}", f"Anonymised {blacklisted}"},
			"the request itself keeps no names",
		)
		self.assertEqual(scorecard(filters)[1], before, "the scorecard gives the same figures")

	def test_a_removed_blacklist_entry_loses_its_identifiers_an_active_one_keeps_them(self):
		removed_customer = rich_customer("移出黑名单客户", owner=self.am, number=2).customer
		active_customer = rich_customer("仍在黑名单客户", owner=self.am, number=3).customer
		entries = {}
		for customer in (removed_customer, active_customer):
			entries[customer] = (
				frappe.get_doc(
					{
						"doctype": "Customer Blacklist",
						"customer": customer,
						"customer_name": frappe.db.get_value(CUSTOMER, customer, "customer_name"),
						"reason": "Credit",
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		frappe.db.set_value("Customer Blacklist", entries[removed_customer], "status", "Removed")
		frappe.db.set_value(CUSTOMER, removed_customer, "status", "Exited")
		fields = ["customer_name", "mobile_no", "id_number", "id_number_hash"]
		kept_before = frappe.db.get_value("Customer Blacklist", entries[active_customer], fields)
		self.assertTrue(all(kept_before), "the entry copied the customer's identifiers")

		anonymise_customers([removed_customer, active_customer])

		removed = frappe.db.get_value("Customer Blacklist", entries[removed_customer], fields, as_dict=True)
		self.assertEqual(removed.customer_name, f"Anonymised {removed_customer}")
		self.assertEqual((removed.mobile_no, removed.id_number, removed.id_number_hash), (None, None, None))
		auth = Table("__Auth")
		secrets = (
			frappe.qb.from_(auth)
			.select(auth.name)
			.where(auth.doctype == "Customer Blacklist")
			.where(auth.name.isin(list(entries.values())))
			.run(pluck=True)
		)
		self.assertEqual(secrets, [entries[active_customer]], "only the active entry keeps its ciphertext")
		self.assertEqual(
			frappe.db.get_value("Customer Blacklist", entries[active_customer], fields), kept_before
		)


class TestResumable(RetentionCase):
	def test_a_crash_half_way_and_a_rerun_anonymise_every_customer_once(self):
		customers = [marked_customer(f"续跑客户{i}", mobile_no=f"1390000000{i}").name for i in range(5)]
		for customer in customers:
			leave(customer, RETENTION + 1)
		frappe.db.commit()
		with patch.object(data_retention, "enqueue_erasure"):  # approve now, run by hand below
			request = act_as(self.cm_2, frappe.get_doc(ERASURE, request_for(customers, self.cm_1)), "Approve")
		frappe.db.commit()
		self.assertEqual(request.erasure_status, "Queued")

		data_retention.CHUNK = 2
		self.assertRaises(RuntimeError, run_erasure, request.name, crash_after_chunks=1)
		frappe.db.rollback()  # what a crashed worker leaves: the committed first chunk only
		anonymised = [c for c in customers if frappe.db.get_value(CUSTOMER, c, "mobile_no") is None]
		self.assertEqual(anonymised, customers[:2])
		self.assertEqual(frappe.db.get_value(ERASURE, request.name, "erasure_status"), "In Progress")

		self.assertEqual(run_erasure(request.name), {"Anonymised": 3, "Skipped": 0})
		self.assertEqual(
			frappe.db.get_value(ERASURE, request.name, ["erasure_status", "anonymised_count"]),
			("Completed", 5),
		)
		self.assertEqual(run_erasure(request.name), {}, "a rerun of a completed erasure does nothing")

	def test_the_daily_job_resumes_an_interrupted_erasure(self):
		customer = marked_customer("中断客户", mobile_no="13900000009").name
		leave(customer, RETENTION + 1)
		with patch.object(data_retention, "enqueue_erasure"):
			request = act_as(
				self.cm_2, frappe.get_doc(ERASURE, request_for([customer], self.cm_1)), "Approve"
			)
		frappe.db.commit()
		data_retention.daily_retention()
		self.assertEqual(frappe.db.get_value(ERASURE, request.name, "erasure_status"), "Completed")
		self.assertIsNone(frappe.db.get_value(CUSTOMER, customer, "mobile_no"))

	def test_a_customer_that_came_back_is_skipped(self):
		back, gone = (marked_customer(f"回归{i}", mobile_no=f"1370000000{i}").name for i in range(2))
		for customer in (back, gone):
			leave(customer, RETENTION + 1)
		with patch.object(data_retention, "enqueue_erasure"):
			request = act_as(
				self.cm_2, frappe.get_doc(ERASURE, request_for([back, gone], self.cm_1)), "Approve"
			)
		frappe.db.set_value(CUSTOMER, back, "status", "Active")
		frappe.db.commit()
		self.assertEqual(run_erasure(request.name), {"Anonymised": 1, "Skipped": 1})
		self.assertEqual(frappe.db.get_value(CUSTOMER, back, "mobile_no"), "13700000000")
		self.assertIsNone(frappe.db.get_value(CUSTOMER, gone, "mobile_no"))
