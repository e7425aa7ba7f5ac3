from datetime import date, datetime

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import change_settings

from crm_assign.exceptions import CustomerStatusError, VisitConflictError, VisitTimeError
from crm_assign.services.service_desk.visits import get_calendar_events
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager, make_service_calendar


def make_room(name: str) -> str:
	if not frappe.db.exists("Meeting Room", name):
		frappe.get_doc({"doctype": "Meeting Room", "room_name": name, "seats": 6}).insert()
	return name


def make_visit(customer: str, start: str, end: str | None = None, **values):
	return frappe.get_doc(
		{
			"doctype": "Customer Visit",
			"customer": customer,
			"planned_start": start,
			"planned_end": end,
			**values,
		}
	).insert()


def messages() -> str:
	return " ".join(str(m) for m in frappe.get_message_log())


class TestCustomerVisit(FrappeTestCase):
	def setUp(self):
		frappe.clear_messages()
		# customers keep the owner the test gives them (none = no host), whatever else is in the site
		settings = change_settings("CRM Assign Settings", auto_assign_on_insert=0)
		settings.__enter__()
		self.addCleanup(settings.__exit__, None, None, None)

	def test_host_defaults_to_the_customer_owner(self):
		manager = make_manager("visit-host")
		customer = make_customer("拜访测试客户", account_manager=manager.name)
		visit = make_visit(customer.name, "2026-11-02 10:00:00")
		self.assertEqual(visit.account_manager, manager.name)
		self.assertTrue(visit.name.startswith("VIS-"))
		self.assertEqual(visit.planned_end, datetime(2026, 11, 2, 11, 0))  # one hour by default

	def test_end_before_start_is_refused(self):
		customer = make_customer("时间错误客户")
		self.assertRaises(
			VisitTimeError, make_visit, customer.name, "2026-11-02 10:00:00", "2026-11-02 09:00:00"
		)

	def test_completing_stamps_completed_on(self):
		customer = make_customer("完成拜访客户")
		visit = make_visit(customer.name, "2026-11-03 10:00:00")
		self.assertIsNone(visit.completed_on)
		visit.status = "Completed"
		visit.save()
		self.assertIsNotNone(visit.completed_on)

	def test_a_room_cannot_be_booked_twice_at_the_same_time(self):
		room = make_room("测试会议室-1")
		first, second = make_customer("会议室客户甲"), make_customer("会议室客户乙")
		booked = make_visit(first.name, "2026-12-01 10:00:00", "2026-12-01 11:00:00", meeting_room=room)
		with self.assertRaises(VisitConflictError) as refused:
			make_visit(second.name, "2026-12-01 10:30:00", "2026-12-01 11:30:00", meeting_room=room)
		self.assertIn(booked.name, str(refused.exception))
		# back to back is fine
		make_visit(second.name, "2026-12-01 11:00:00", "2026-12-01 11:30:00", meeting_room=room)
		# a cancelled booking frees the room
		booked.status = "Cancelled"
		booked.save()
		make_visit(second.name, "2026-12-01 10:00:00", "2026-12-01 10:45:00", meeting_room=room)

	def test_a_host_cannot_be_in_two_visits_at_once(self):
		host = make_manager("visit-busy-host")
		first = make_customer("主持人客户甲", account_manager=host.name)
		second = make_customer("主持人客户乙", account_manager=host.name)
		make_visit(first.name, "2026-12-02 14:00:00", "2026-12-02 15:00:00")
		self.assertRaises(
			VisitConflictError, make_visit, second.name, "2026-12-02 14:30:00", "2026-12-02 15:30:00"
		)
		# moving an existing visit onto the host's other visit is refused as well
		other = make_visit(second.name, "2026-12-02 16:00:00", "2026-12-02 17:00:00")
		other.planned_start = "2026-12-02 13:30:00"
		other.planned_end = "2026-12-02 14:30:00"
		self.assertRaises(VisitConflictError, other.save)

	def test_outside_working_hours_warns_or_is_refused_by_setting(self):
		customer = make_customer("下班时间客户")
		with change_settings(
			"CRM Assign Settings", warn_outside_working_hours=1, refuse_outside_working_hours=0
		):
			make_visit(customer.name, "2026-12-05 10:00:00")  # a Saturday
			self.assertIn("outside working hours", messages())
		frappe.clear_messages()
		with change_settings("CRM Assign Settings", refuse_outside_working_hours=1):
			self.assertRaises(VisitTimeError, make_visit, customer.name, "2026-12-16 19:00:00")
			frappe.clear_messages()
			make_visit(customer.name, "2026-12-16 10:00:00")  # Wednesday morning is fine
		self.assertNotIn("outside working hours", messages())

	def test_visits_for_exited_or_blacklisted_customers_warn_or_are_refused(self):
		customer = make_customer("已退出客户")
		frappe.db.set_value("Managed Customer", customer.name, "status", "Exited")
		with change_settings("CRM Assign Settings", inactive_customer_visits="Warn"):
			make_visit(customer.name, "2026-12-14 10:00:00")
			self.assertIn("Exited", messages())
		with change_settings("CRM Assign Settings", inactive_customer_visits="Refuse"):
			self.assertRaises(CustomerStatusError, make_visit, customer.name, "2026-12-14 11:00:00")

	def test_workflow_moves_the_status_and_completion_updates_last_activity(self):
		customer = make_customer("工作流客户")
		visit = make_visit(customer.name, "2026-12-15 10:00:00", visit_type="Outbound Visit")
		self.assertEqual(visit.workflow_state, "Scheduled")
		visit = apply_workflow(visit, "Check In")
		self.assertEqual(visit.status, "Checked In")
		visit.completed_on = "2026-12-15 11:00:00"
		visit.save()
		visit = apply_workflow(visit, "Complete")
		self.assertEqual(visit.status, "Completed")
		self.assertEqual(
			frappe.db.get_value("Managed Customer", customer.name, "last_activity_date"), date(2026, 12, 15)
		)
		# an older visit completed later never moves the date backwards
		old = make_visit(customer.name, "2026-11-04 10:00:00", completed_on="2026-11-04 11:00:00")
		old.status = "Completed"
		old.save()
		self.assertEqual(
			frappe.db.get_value("Managed Customer", customer.name, "last_activity_date"), date(2026, 12, 15)
		)

	def complete_reception(self, customer, completed_on):
		reception = make_visit(
			customer, "2026-11-27 14:00:00", visit_type="Appointment/Reception", completed_on=completed_on
		)
		reception.status = "Completed"
		reception.save()
		return reception, frappe.get_doc("Customer Visit", {"source_visit": reception.name})

	def test_reception_creates_a_return_visit_due_after_the_weekend_for_the_owner(self):
		owner = make_manager("return-visit-owner")
		receptionist_host = make_manager("return-visit-host")
		customer = make_customer("回访客户", account_manager=owner.name)
		calendar = make_service_calendar("测试日历-回访")
		with change_settings("CRM Assign Settings", service_calendar=calendar, return_visit_days=3):
			# Friday 27 Nov 2026 + 3 working days = Wednesday 2 Dec
			reception, follow_up = self.complete_reception(customer.name, "2026-11-27 15:00:00")
		self.assertEqual(follow_up.visit_type, "Return Visit")
		self.assertEqual(follow_up.return_visit_due, date(2026, 12, 2))
		self.assertEqual(follow_up.planned_start, datetime(2026, 12, 2, 9, 0))
		self.assertEqual(follow_up.account_manager, owner.name)
		self.assertEqual(follow_up.status, "Scheduled")
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Customer Visit", "reference_name": follow_up.name, "status": "Open"},
			pluck="allocated_to",
		)
		self.assertEqual(todo, [owner.user])
		self.assertNotEqual(receptionist_host.name, follow_up.account_manager)
		# saving the completed reception again creates no second return visit
		reception.outcome = "补充记录"
		reception.save()
		self.assertEqual(frappe.db.count("Customer Visit", {"source_visit": reception.name}), 1)

	def test_return_visit_due_date_skips_a_holiday(self):
		owner = make_manager("return-visit-holiday")
		customer = make_customer("节假日回访客户", account_manager=owner.name)
		calendar = make_service_calendar("测试日历-回访假日", holidays=("2026-11-30", "2026-12-01"))
		with change_settings("CRM Assign Settings", service_calendar=calendar, return_visit_days=3):
			# Friday + 3 working days with Monday and Tuesday off = Friday 4 Dec
			_reception, follow_up = self.complete_reception(customer.name, "2026-11-27 17:00:00")
		self.assertEqual(follow_up.return_visit_due, date(2026, 12, 4))

	def test_calendar_events_show_room_and_customer(self):
		room = make_room("测试会议室-日历")
		customer = make_customer("日历客户")
		visit = make_visit(customer.name, "2026-12-08 10:00:00", meeting_room=room)
		events = get_calendar_events(
			"2026-12-07 00:00:00", "2026-12-14 00:00:00", [["meeting_room", "=", room]]
		)
		self.assertEqual([e.name for e in events], [visit.name])
		self.assertIn(room, events[0].title)
		self.assertIn("日历客户", events[0].title)
