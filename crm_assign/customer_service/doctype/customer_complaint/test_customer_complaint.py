from datetime import datetime, time, timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import change_settings
from frappe.utils import add_to_date, get_datetime, getdate, now_datetime, nowdate

from crm_assign.exceptions import ComplaintClosingError
from crm_assign.services.service_desk.complaint_sla import refresh_open_complaints
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import (
	make_customer,
	make_manager,
	make_service_calendar,
	make_team,
	make_user,
)

POLICY = "测试服务策略"
# the Monday of the week after next: complaints opened on it are not yet due whatever today is (their SLA
# status on insert is judged against the clock); the test calendar has no holidays
_MONDAY = getdate(nowdate()) + timedelta(days=14 - getdate(nowdate()).weekday())
MONDAY, TUESDAY = str(_MONDAY), str(_MONDAY + timedelta(days=1))


def day_at(days_after_monday: int, hour: int, minute: int = 0) -> datetime:
	return datetime.combine(_MONDAY + timedelta(days=days_after_monday), time(hour, minute))


def make_complaint(customer, **values):
	return frappe.get_doc(
		{
			"doctype": "Customer Complaint",
			"subject": "发货延迟",
			"customer": customer,
			"description": "客户反映发货延迟三天",
			**values,
		}
	).insert()


def set_aside_other_open_complaints(keep: str) -> None:
	"""Close, inside this test's transaction, the open complaints other tests or the demo left on the site.

	A refresh years ahead breaches every open complaint; the customer managers would get one digest naming
	several of them instead of this complaint's own notification. The class's rollback restores them.
	"""
	complaint = frappe.qb.DocType("Customer Complaint")
	(
		frappe.qb.update(complaint)
		.set(complaint.status, "Closed")
		.where(complaint.status.notin(("Resolved", "Closed")))
		.where(complaint.name != keep)
	).run()


def make_policy():
	if frappe.db.exists("Service Level Policy", POLICY):
		return POLICY
	frappe.get_doc(
		{
			"doctype": "Service Level Policy",
			"policy_name": POLICY,
			"at_risk_percent": 80,
			"pause_on_statuses": "Waiting on Customer",
			"targets": [
				{"severity": "High", "grade": "A", "response_hours": 1, "resolution_hours": 4},
				{"severity": "High", "response_hours": 2, "resolution_hours": 8},
				{"severity": "Critical", "response_hours": 1, "resolution_hours": 10000},
			],
		}
	).insert()
	return POLICY


def notifications(user, complaint):
	return frappe.get_all(
		"Notification Log",
		filters={"for_user": user, "document_type": "Customer Complaint", "document_name": complaint},
		pluck="subject",
	)


class TestCustomerComplaint(FrappeTestCase):
	def setUp(self):
		self.calendar = make_service_calendar("测试日历-投诉")
		self.settings = change_settings("CRM Assign Settings", service_calendar=self.calendar)
		self.settings.__enter__()
		self.addCleanup(self.settings.__exit__, None, None, None)

	def team_customer(self, tag: str, grade: str = "A"):
		leader = make_user(f"complaint-leader-{tag}", roles=("Team Leader",))
		team = make_team(f"投诉测试组-{tag}", leader=leader)
		manager = make_manager(f"complaint-owner-{tag}", service_team=team)
		customer = make_customer(f"投诉客户-{tag}", account_manager=manager.name, grade=grade)
		return customer, manager, leader

	def test_responsible_person_defaults_to_the_owner(self):
		manager = make_manager("complaint-owner")
		customer = make_customer("投诉测试客户", account_manager=manager.name)
		complaint = make_complaint(customer.name)
		self.assertEqual(complaint.responsible_person, manager.user)
		self.assertEqual(complaint.status, "New")

	def test_staff_conduct_complaints_go_to_the_team_leader(self):
		customer, manager, leader = self.team_customer("conduct")
		complaint = make_complaint(customer.name, category="Staff Conduct", subject="客户经理态度差")
		self.assertEqual(complaint.responsible_person, leader)
		self.assertNotEqual(complaint.responsible_person, manager.user)

	def test_closing_needs_resolution_and_satisfaction_or_reason(self):
		customer = make_customer("关闭投诉客户")
		name = make_complaint(customer.name).name

		def close(**values):
			complaint = frappe.get_doc("Customer Complaint", name)
			complaint.update({"status": "Closed", **values})
			complaint.save()

		self.assertRaises(ComplaintClosingError, close)
		self.assertRaises(ComplaintClosingError, close, resolution="已补发货物")
		close(resolution="已补发货物", no_satisfaction_reason="客户未回复")
		self.assertEqual(frappe.db.get_value("Customer Complaint", name, "status"), "Closed")

	def test_response_before_opening_is_refused(self):
		customer = make_customer("时间倒置客户")
		complaint = make_complaint(customer.name, opened_on="2026-11-02 10:00:00")
		complaint.reload()
		complaint.first_responded_on = "2026-11-01 10:00:00"
		self.assertRaises(frappe.ValidationError, complaint.save)

	def test_due_times_follow_severity_grade_and_working_hours(self):
		customer, _manager, _leader = self.team_customer("due")
		complaint = make_complaint(
			customer.name, severity="High", service_level_policy=make_policy(), opened_on=f"{MONDAY} 11:30:00"
		)
		# grade A High: 1 h response, 4 h resolution; 12:00-13:30 is lunch
		self.assertEqual(complaint.response_by, day_at(0, 14))
		self.assertEqual(complaint.resolution_by, day_at(0, 17))
		self.assertEqual(complaint.sla_status, "On Track")

		grade_b = make_customer("投诉客户-B级", grade="B")
		other = make_complaint(
			grade_b.name, severity="High", service_level_policy=POLICY, opened_on=f"{MONDAY} 17:00:00"
		)
		# any-grade High row: 2 h response -> 1 h on Monday + 1 h on Tuesday
		self.assertEqual(other.response_by, day_at(1, 10))
		self.assertEqual(other.resolution_by, day_at(1, 17, 30))  # 1 h + 7 h

		low = make_complaint(grade_b.name, severity="Low", service_level_policy=POLICY)
		self.assertEqual(low.sla_status, "")  # the policy has no Low target: no SLA
		self.assertIsNone(low.response_by)

	def test_waiting_on_customer_pauses_the_clock_and_resuming_restarts_it(self):
		customer, _manager, _leader = self.team_customer("pause")
		complaint = make_complaint(
			customer.name, severity="High", service_level_policy=make_policy(), opened_on=f"{MONDAY} 09:00:00"
		)
		# history as recorded by the desk: acknowledged 09:30, waiting on the customer 10:00 Monday to
		# 10:00 Tuesday (one full working day), then in progress again
		for status, at in (
			("Acknowledged", f"{MONDAY} 09:30:00"),
			("Waiting on Customer", f"{MONDAY} 10:00:00"),
			("In Progress", f"{TUESDAY} 10:00:00"),
		):
			complaint.append("status_log", {"status": status, "changed_on": at})
		complaint.first_responded_on = f"{MONDAY} 09:30:00"
		complaint.db_update_all()
		frappe.db.set_value("Customer Complaint", complaint.name, "status", "In Progress")

		refresh_open_complaints(now=f"{TUESDAY} 11:00:00")
		values = frappe.db.get_value(
			"Customer Complaint", complaint.name, ["resolution_by", "sla_status", "sla_paused"], as_dict=True
		)
		# 4 h of work: 1 h Monday before the pause, then 10:00-12:00 and 13:30-14:30 Tuesday
		self.assertEqual(values.resolution_by, day_at(1, 14, 30))
		self.assertEqual(values.sla_status, "On Track")  # 2 of 4 h used (< 80 %)
		self.assertEqual(values.sla_paused, 0)

		# pausing again now: the clock stops, the projected due time moves with "now"
		frappe.db.set_value("Customer Complaint", complaint.name, "status", "Waiting on Customer")
		complaint.reload()
		complaint.append("status_log", {"status": "Waiting on Customer", "changed_on": f"{TUESDAY} 11:00:00"})
		complaint.db_update_all()
		refresh_open_complaints(now=f"{TUESDAY} 17:00:00")
		values = frappe.db.get_value(
			"Customer Complaint", complaint.name, ["resolution_by", "sla_status", "sla_paused"], as_dict=True
		)
		self.assertEqual(values.sla_paused, 1)
		self.assertEqual(values.sla_status, "On Track")  # no time used while paused
		self.assertEqual(values.resolution_by, day_at(2, 10))  # 2 h left from 17:00

	def test_status_changes_in_the_desk_pause_log_and_stamp(self):
		customer, _manager, _leader = self.team_customer("desk")
		complaint = make_complaint(customer.name, severity="High", service_level_policy=make_policy())
		complaint = apply_workflow(complaint, "Acknowledge")
		self.assertEqual(complaint.status, "Acknowledged")
		self.assertIsNotNone(complaint.first_responded_on)
		complaint = apply_workflow(complaint, "Start Work")
		complaint = apply_workflow(complaint, "Wait for Customer")
		self.assertEqual(complaint.sla_paused, 1)
		complaint = apply_workflow(complaint, "Resume")
		self.assertEqual(complaint.sla_paused, 0)
		complaint = apply_workflow(complaint, "Resolve")
		self.assertIsNotNone(complaint.resolved_on)
		self.assertEqual(complaint.sla_status, "Met")
		self.assertRaises(ComplaintClosingError, apply_workflow, complaint, "Close")
		complaint.reload()
		self.assertEqual(
			[row.status for row in complaint.status_log],
			["New", "Acknowledged", "In Progress", "Waiting on Customer", "In Progress", "Resolved"],
		)

	def test_escalation_chain_notifies_owner_then_team_leader_then_customer_managers(self):
		customer, manager, leader = self.team_customer("chain")
		customer_manager = make_user("complaint-customer-manager", roles=("Customer Manager",))
		complaint = make_complaint(
			customer.name, severity="High", service_level_policy=make_policy(), opened_on=f"{MONDAY} 09:00:00"
		)
		self.assertEqual(complaint.escalation_level, 0)

		def level_at(now):
			refresh_open_complaints(now=now)
			return frappe.db.get_value(
				"Customer Complaint", complaint.name, ["escalation_level", "sla_status"]
			)

		self.assertEqual(level_at(f"{MONDAY} 09:30:00"), (0, "On Track"))
		self.assertEqual(level_at(f"{MONDAY} 09:50:00"), (1, "At Risk"))  # 50 of 60 min
		self.assertEqual(len(notifications(manager.user, complaint.name)), 1)
		self.assertEqual(notifications(leader, complaint.name), [])
		self.assertEqual(level_at(f"{MONDAY} 09:55:00"), (1, "At Risk"))  # nothing new to say
		self.assertEqual(len(notifications(manager.user, complaint.name)), 1)

		self.assertEqual(level_at(f"{MONDAY} 10:30:00"), (2, "Breached"))  # response breached
		self.assertEqual(len(notifications(leader, complaint.name)), 1)
		self.assertEqual(notifications(customer_manager, complaint.name), [])

		self.assertEqual(level_at(f"{MONDAY} 15:00:00"), (3, "Breached"))  # resolution breached too
		self.assertEqual(len(notifications(customer_manager, complaint.name)), 1)
		level_at(f"{MONDAY} 16:00:00")
		self.assertEqual(len(notifications(customer_manager, complaint.name)), 1)

		log = frappe.get_doc("Customer Complaint", complaint.name).escalations
		self.assertEqual([row.level for row in log], [1, 2, 3])
		self.assertEqual([row.escalated_to for row in log], ["Owner", "Team Leader", "Customer Manager"])
		self.assertIn(leader, log[1].notified_users)
		self.assertIn(customer_manager, log[2].notified_users)

	def test_a_reopened_complaint_that_breaches_again_goes_to_customer_managers(self):
		customer, _manager, leader = self.team_customer("reopen")
		customer_manager = make_user("complaint-customer-manager-2", roles=("Customer Manager",))
		complaint = make_complaint(
			customer.name,
			severity="Critical",  # 1 h response, 10,000 h resolution
			service_level_policy=make_policy(),
			opened_on=add_to_date(now_datetime(), days=-21),
		)
		# opened weeks ago and never answered: the response is breached, the team leader told at once
		self.assertEqual(complaint.escalation_level, 2)
		self.assertEqual([row.level for row in complaint.escalations], [1, 2])
		self.assertEqual(len(notifications(leader, complaint.name)), 1)
		complaint.update({"status": "Resolved", "resolution": "已处理"})
		complaint.save()
		complaint.status = "Reopened"
		complaint.save()
		self.assertEqual(complaint.earlier_breaches, 1)
		self.assertIsNone(complaint.resolved_on)
		self.assertGreater(get_datetime(complaint.sla_started_on), get_datetime(complaint.opened_on))
		self.assertEqual(complaint.escalation_level, 2)  # one breach so far: still the team leader
		self.assertEqual(notifications(customer_manager, complaint.name), [])

		set_aside_other_open_complaints(keep=complaint.name)
		refresh_open_complaints(now=add_to_date(now_datetime(), years=10))  # the second cycle breaches too
		self.assertEqual(frappe.db.get_value("Customer Complaint", complaint.name, "escalation_level"), 3)
		self.assertEqual(len(notifications(customer_manager, complaint.name)), 1)
