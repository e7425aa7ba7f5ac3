"""Each staff role does its daily work through Desk (Chinese), clicked as a person would, in headless Chromium
(issue 11): the reception desk books, checks in and completes a reception; the owner updates the customer,
completes the return visit that reception created, logs a visit, registers and acknowledges a complaint and
reads the scorecard; the team leader reviews overdue return visits and drafts an Allocation Plan for the team,
the Allocation Approver approves it, the Customer Manager applies it and a manager who gained customers finds
the notification; the Customer Auditor reads and is offered no edit.

A small demo (300 customers, 12 managers, one user per staff role) is loaded for the served site; what the
journeys create is removed with it. Needs a served site (CRM_ASSIGN_BASE_URL) with a background worker for
the plan's Apply job, playwright and chromium; skipped loudly without them (`needs_browser`).
"""

import secrets
import time
from datetime import datetime, timedelta

import frappe
from frappe.utils import add_days, get_datetime, now_datetime, nowdate

from crm_assign.demo.generate import (
	DEMO_EMAIL_DOMAIN,
	DEMO_PREFIX,
	DemoSize,
	demo_exists,
	make_demo,
	remove_demo,
)
from crm_assign.demo.masters import ensure_meeting_rooms
from crm_assign.services.service_desk.visit_jobs import remind_overdue_return_visits
from crm_assign.services.service_desk.work_calendar import get_work_calendar, naive
from crm_assign.tests import FrappeTestCase
from crm_assign.tests import desk_driver as desk
from crm_assign.tests.test_desk_browser import launch, log_in, needs_browser, save_screenshot
from crm_assign.tests.test_persona_browser import wait_for_list

TEAM = "客户服务01组"
PLAN_TITLE = "团队季度调整（persona journey）"
JOURNEY_DOCTYPES = ("Customer Complaint", "Customer Visit")  # made through Desk, named by their series


def stored(*args, **kwargs):
	"""A value as the served site committed it (the test's own read snapshot is left first)."""
	frappe.db.rollback()
	return frappe.db.get_value(*args, **kwargs)


def user_of(key: str) -> str:
	return f"{key}@{DEMO_EMAIL_DOMAIN}"


def as_user_format(page, value: datetime) -> str:
	"""`value` written as the person types it: in the site's date and time format."""
	return page.evaluate("(v) => frappe.datetime.str_to_user(v)", value.strftime("%Y-%m-%d %H:%M:%S"))


def working_slot(days_ahead: int) -> datetime:
	"""The opening of the first working day at least `days_ahead` days from now, plus an hour (site time)."""
	calendar = get_work_calendar()
	start = datetime.combine(get_datetime(add_days(nowdate(), days_ahead)).date(), datetime.min.time())
	opening = calendar.next_working_instant(start.replace(tzinfo=calendar.zone))
	return naive(opening) + timedelta(hours=1)


@needs_browser
class TestPersonaJourneys(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if demo_exists():
			raise frappe.ValidationError("this site already holds demo data: the journeys need their own")
		cls.started = now_datetime() - timedelta(seconds=1)
		cls.password = f"Journey-{secrets.token_hex(6)}!"
		make_demo(DemoSize(customers=300, managers=12, seed=5), show_progress=False, password=cls.password)
		cls.room = ensure_meeting_rooms()[0]
		cls.slot = working_slot(days_ahead=8)
		cls.other_booking = cls.book_room_for_another_customer(cls.slot)
		cls.overdue = cls.make_overdue_return_visit(user_of("demo-am-0002"))
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		for doctype in JOURNEY_DOCTYPES:
			table = frappe.qb.DocType(doctype)
			frappe.qb.from_(table).delete().where(table.customer.like(f"{DEMO_PREFIX}%")).run()
		plan = frappe.qb.DocType("Allocation Plan")
		item = frappe.qb.DocType("Allocation Plan Item")
		plans = frappe.get_all("Allocation Plan", filters={"title": PLAN_TITLE}, pluck="name")
		if plans:
			frappe.qb.from_(item).delete().where(item.parent.isin(plans)).run()
			frappe.qb.from_(plan).delete().where(plan.name.isin(plans)).run()
		for doctype, column in (("Notification Log", "for_user"), ("ToDo", "allocated_to")):
			table = frappe.qb.DocType(doctype)
			frappe.qb.from_(table).delete().where(table[column].like(f"%@{DEMO_EMAIL_DOMAIN}")).run()
		remove_demo()
		super().tearDownClass()

	# ---- the data each journey starts from ----
	@classmethod
	def first_active_customer_of(cls, user: str) -> frappe._dict:
		return frappe.get_all(
			"Managed Customer",
			filters={"account_manager": user, "status": "Active"},
			fields=["name", "customer_name", "mobile_no"],
			order_by="name",
			limit=1,
		)[0]

	@classmethod
	def book_room_for_another_customer(cls, slot: datetime) -> str:
		other = cls.first_active_customer_of(user_of("demo-am-0003"))
		visit = frappe.get_doc(
			{
				"doctype": "Customer Visit",
				"visit_type": "Appointment/Reception",
				"customer": other.name,
				"planned_start": slot,
				"planned_end": slot + timedelta(hours=1),
				"meeting_room": cls.room,
			}
		).insert()
		return visit.name

	@classmethod
	def make_overdue_return_visit(cls, user: str) -> str:
		"""A member's return visit due a week ago, flagged and reminded by the nightly job."""
		customer = cls.first_active_customer_of(user)
		due = get_datetime(add_days(nowdate(), -7))
		visit = frappe.get_doc(
			{
				"doctype": "Customer Visit",
				"visit_type": "Return Visit",
				"customer": customer.name,
				"account_manager": user,
				"planned_start": due + timedelta(hours=10),
				"return_visit_due": due.date(),
			}
		)
		visit.flags.skip_host_conflict = True
		visit.flags.ignore_permissions = True
		visit.insert()
		remind_overdue_return_visits()
		return visit.name

	# ---- the journeys ----
	def test_reception_then_the_owner_serves_the_customer(self):
		from playwright.sync_api import sync_playwright

		# chosen now: the team plan's journey may have moved customers between the demo's managers
		frappe.db.rollback()  # read the owners as the served site has committed them
		self.owner = user_of("demo-am-0001")
		self.customer = self.first_active_customer_of(self.owner)
		errors: list[str] = []
		with sync_playwright() as playwright:
			browser = launch(playwright)
			try:
				reception = self.receptionist_receives_the_customer(browser, errors)
				self.owner_serves_the_customer(browser, errors, reception)
			finally:
				browser.close()
		self.assertEqual(errors, [])

	def receptionist_receives_the_customer(self, browser, errors) -> str:
		page = log_in(browser, user_of("demo-receptionist"), self.password, errors=errors)
		page.goto("/app/customer-visit/new")
		desk.wait_for_form(page)
		desk.fill(page, "visit_type", "Appointment/Reception")
		desk.fill(page, "customer", self.customer.customer_name)
		desk.fill(page, "planned_start", as_user_format(page, self.slot + timedelta(minutes=30)))
		desk.fill(page, "planned_end", as_user_format(page, self.slot + timedelta(minutes=90)))
		desk.fill(page, "meeting_room", self.room)
		refusal = desk.try_save(page)
		self.assertIsNotNone(refusal, "a booking that overlaps another in the same room was saved")
		self.assertIn(self.room, refusal)
		self.assertIn(self.other_booking, refusal)

		desk.fill(page, "planned_start", as_user_format(page, self.slot + timedelta(hours=1)))
		desk.fill(page, "planned_end", as_user_format(page, self.slot + timedelta(minutes=105)))
		reception = desk.save(page, "booking back to back with the other one")
		self.assertEqual(desk.value_of(page, "status"), "Scheduled")
		owner_name = stored("User", self.owner, "full_name")
		self.assertEqual(desk.shown_value(page, "account_manager"), owner_name, "the host is shown by name")
		save_screenshot(page, "journey-receptionist-booking.png")

		desk.workflow_action(page, "签到")
		self.assertEqual(desk.value_of(page, "status"), "Checked In")
		desk.fill(page, "outcome", "客户咨询续约条件，已转客户经理跟进")
		desk.save(page, "reception outcome")
		desk.workflow_action(page, "完成")
		self.assertEqual(desk.value_of(page, "status"), "Completed")
		page.close()
		return reception

	def owner_serves_the_customer(self, browser, errors, reception: str) -> None:
		page = log_in(browser, self.owner, self.password, errors=errors)
		# find the customer in the list and update its contact data
		page.goto("/app/managed-customer")
		wait_for_list(page)
		page.locator(".standard-filter-section [data-fieldname=customer_name] input").fill(
			self.customer.customer_name
		)
		row = page.locator(
			".frappe-list .list-row-container .list-subject a", has_text=self.customer.customer_name
		)
		row.first.wait_for(timeout=15_000)
		row.first.click()
		desk.wait_for_form(page)
		self.assertEqual(desk.value_of(page, "name"), self.customer.name)
		new_mobile = "139" + str(int((self.customer.mobile_no or "0")[-8:]) + 1).zfill(8)[-8:]
		desk.fill(page, "mobile_no", new_mobile)
		desk.save(page, "contact data")
		self.assertEqual(stored("Managed Customer", self.customer.name, "mobile_no"), new_mobile)
		save_screenshot(page, "journey-account-manager-customer.png")

		# the return visit the reception created is in the customer's connections, assigned to the owner
		return_visit = stored(
			"Customer Visit", {"source_visit": reception, "visit_type": "Return Visit"}, "name"
		)
		self.assertTrue(return_visit, "completing the reception created no return visit")
		self.assertTrue(
			frappe.db.exists("ToDo", {"reference_name": return_visit, "allocated_to": self.owner}),
			"the return visit is not assigned to the owner",
		)
		page.locator(".form-dashboard .document-link[data-doctype='Customer Visit'] .badge-link").click()
		wait_for_list(page)
		page.locator(f".frappe-list .list-row-container a[data-name='{return_visit}']").first.click()
		desk.wait_for_form(page)
		desk.fill(page, "outcome", "电话回访：客户对接待满意")
		desk.fill(page, "satisfaction", "5")
		desk.save(page, "return visit outcome")
		desk.workflow_action(page, "完成")
		self.assertEqual(stored("Customer Visit", return_visit, "status"), "Completed")

		# log an outbound visit from the customer's form
		self.open_customer(page)
		page.locator(".form-dashboard .document-link[data-doctype='Customer Visit'] .btn-new").click()
		page.wait_for_url("**/customer-visit/new**")
		desk.wait_for_form(page)
		self.assertEqual(desk.value_of(page, "customer"), self.customer.name)
		desk.fill(page, "visit_type", "Outbound Visit")
		desk.fill(page, "planned_start", as_user_format(page, self.slot - timedelta(days=14)))
		desk.fill(page, "purpose", "上门了解下季度采购计划")
		desk.fill(page, "outcome", "客户确认下季度订单")
		visit = desk.save(page, "outbound visit")
		desk.workflow_action(page, "完成")
		self.assertEqual(stored("Customer Visit", visit, "status"), "Completed")

		# register a complaint for the customer and acknowledge it
		self.open_customer(page)
		page.locator(".form-dashboard .document-link[data-doctype='Customer Complaint'] .btn-new").click()
		page.wait_for_url("**/customer-complaint/new**")
		desk.wait_for_form(page)
		desk.fill(page, "subject", "到货延迟三天")
		desk.fill(page, "severity", "Medium")
		desk.fill(page, "category", "Delivery")
		desk.fill(page, "description", "客户反映上周订单到货延迟三天，影响生产安排。")
		complaint = desk.save(page, "complaint")
		desk.workflow_action(page, "确认受理")
		self.assertEqual(stored("Customer Complaint", complaint, "status"), "Acknowledged")
		self.assertTrue(stored("Customer Complaint", complaint, "first_responded_on"))
		save_screenshot(page, "journey-account-manager-complaint.png")

		# the scorecard shows the owner's row
		page.goto("/app/query-report/Account Manager Scorecard")
		page.wait_for_selector(".dt-scrollable .dt-row", timeout=30_000)
		desk.expect_no_error(page, "scorecard")
		owner_name = stored("User", self.owner, "full_name")
		self.assertIn(owner_name, page.locator(".dt-scrollable").inner_text())
		page.close()

	def open_customer(self, page) -> None:
		desk.open_form(page, f"managed-customer/{self.customer.name}")

	def test_a_team_plan_goes_from_team_leader_to_approver_to_customer_manager(self):
		from playwright.sync_api import sync_playwright

		errors: list[str] = []
		with sync_playwright() as playwright:
			browser = launch(playwright)
			try:
				plan = self.team_leader_reviews_and_drafts_a_plan(browser, errors)
				self.approver_approves(browser, errors, plan)
				gained = self.customer_manager_applies(browser, errors, plan)
				self.manager_finds_the_notification(browser, errors, plan, gained)
			finally:
				browser.close()
		self.assertEqual(errors, [])

	def team_leader_reviews_and_drafts_a_plan(self, browser, errors) -> str:
		page = log_in(browser, user_of("demo-tl-001"), self.password, errors=errors)
		page.goto("/app/query-report/Allocation and Workload")
		page.wait_for_selector(".dt-scrollable .dt-row", timeout=30_000)
		desk.expect_no_error(page, "workload report")
		member = stored("User", user_of("demo-am-0002"), "full_name")
		self.assertIn(member, page.locator(".dt-scrollable").inner_text())

		# the nightly job's reminder is in the bell; the overdue list shows the member's return visit
		page.locator(".navbar .notifications-icon").first.click()
		reminder = page.locator(".notification-list-body .notification-item", has_text=self.overdue)
		reminder.first.wait_for(timeout=15_000)
		page.goto("/app/customer-visit?is_overdue=1")
		wait_for_list(page)
		overdue = page.locator(f".frappe-list .list-row-container a[data-name='{self.overdue}']")
		self.assertEqual(
			overdue.count(), 1, "the member's overdue return visit is not in the team leader's list"
		)
		save_screenshot(page, "journey-team-leader-overdue.png")

		page.goto("/app/allocation-plan/new")
		desk.wait_for_form(page)
		desk.fill(page, "title", PLAN_TITLE)
		desk.fill(page, "scope", "Service Team")
		desk.fill(page, "scope_service_team", TEAM)
		plan = desk.save(page, "draft plan")
		desk.custom_button(page, "生成方案")
		page.wait_for_function("() => cur_frm.doc.total_items > 0", timeout=60_000)
		desk.wait_for_form(page)
		desk.expect_no_error(page, "generate proposal")
		self.assertGreater(desk.value_of(page, "moves"), 0)
		save_screenshot(page, "journey-team-leader-plan.png")
		desk.workflow_action(page, "提交审批")
		self.assertEqual(stored("Allocation Plan", plan, "status"), "Pending Approval")
		page.close()
		return plan

	def approver_approves(self, browser, errors, plan: str) -> None:
		page = log_in(browser, user_of("demo-approver"), self.password, errors=errors)
		page.goto("/app/allocation-plan")
		wait_for_list(page)
		page.locator(f".frappe-list .list-row-container a[data-name='{plan}']").first.click()
		desk.wait_for_form(page)
		desk.workflow_action(page, "批准")
		status = stored("Allocation Plan", plan, "status")
		self.assertIn(status, ("Approved", "Pending Department Approval"))
		save_screenshot(page, "journey-allocation-approver.png")
		page.close()
		if status == "Pending Department Approval":  # a grade A customer or many moves: the department too
			page = log_in(browser, user_of("demo-customer-manager"), self.password, errors=errors)
			desk.open_form(page, f"allocation-plan/{plan}")
			desk.workflow_action(page, "批准")
			page.close()
		self.assertEqual(stored("Allocation Plan", plan, "status"), "Approved")

	def customer_manager_applies(self, browser, errors, plan: str) -> str:
		page = log_in(browser, user_of("demo-customer-manager"), self.password, errors=errors)
		desk.open_form(page, f"allocation-plan/{plan}")
		desk.workflow_action(page, "执行")
		deadline = time.monotonic() + 120
		while stored("Allocation Plan", plan, "status") != "Applied":
			self.assertLess(time.monotonic(), deadline, "the Apply job did not finish (is a worker running?)")
			time.sleep(1)
		page.reload()
		desk.wait_for_form(page)
		page.locator(".form-dashboard .document-link[data-doctype='Ownership Log'] .badge-link").click()
		wait_for_list(page)
		logged = page.locator(".frappe-list .list-row-container .list-subject a").count()
		self.assertGreater(logged, 0, "the plan's Ownership Log rows are not listed")
		desk.expect_no_error(page, "ownership log")
		save_screenshot(page, "journey-customer-manager-ownership-log.png")
		page.close()
		return frappe.get_all(
			"Ownership Log", filters={"allocation_plan": plan}, pluck="to_manager", order_by="name", limit=1
		)[0]

	def manager_finds_the_notification(self, browser, errors, plan: str, manager: str) -> None:
		# the managers are told by a job of its own that follows the Apply job
		deadline = time.monotonic() + 60
		while not stored("Notification Log", {"for_user": manager, "document_name": plan}):
			self.assertLess(time.monotonic(), deadline, "the gaining manager was not notified")
			time.sleep(1)
		page = log_in(browser, manager, self.password, errors=errors)
		page.locator(".navbar .notifications-icon").first.click()
		page.locator(".notification-list-body .notification-item", has_text=plan).first.wait_for(
			timeout=15_000
		)
		page.close()

	def test_the_auditor_reads_everything_and_is_offered_no_edit(self):
		from playwright.sync_api import sync_playwright

		errors: list[str] = []
		with sync_playwright() as playwright:
			browser = launch(playwright)
			try:
				page = log_in(browser, user_of("demo-auditor"), self.password, errors=errors)
				for route in ("managed-customer", "customer-visit", "customer-complaint", "allocation-plan"):
					page.goto(f"/app/{route}")
					wait_for_list(page)
					desk.expect_no_error(page, route)
					self.assertEqual(page.locator(".page-actions .primary-action:visible").count(), 0, route)
					page.locator(".frappe-list .list-row-container .list-subject a").first.click()
					desk.wait_for_form(page)
					desk.expect_no_error(page, f"{route} form")
					self.assertEqual(desk.edits_offered(page), [], route)
				save_screenshot(page, "journey-auditor-read-only.png")
			finally:
				browser.close()
		self.assertEqual(errors, [])
