import json

import frappe
from frappe.tests.utils import change_settings

from crm_assign.services.service_desk.visit_jobs import (
	create_visit_frequency_todos,
	remind_overdue_return_visits,
)
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager, make_team, make_user


def reminders(user):
	return frappe.get_all(
		"Notification Log", filters={"for_user": user, "document_type": "Customer Visit"}, pluck="subject"
	)


def open_todos(customer):
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": "Managed Customer", "reference_name": customer, "status": "Open"},
		pluck="allocated_to",
	)


class TestVisitJobs(FrappeTestCase):
	def test_overdue_return_visits_are_flagged_and_reminded_once_a_day(self):
		leader = make_user("return-leader", roles=("Team Leader",))
		manager = make_manager("return-owner", service_team=make_team("回访提醒组", leader=leader))
		customer = make_customer("逾期回访客户", account_manager=manager.name)
		visit = frappe.get_doc(
			{
				"doctype": "Customer Visit",
				"visit_type": "Return Visit",
				"customer": customer.name,
				"planned_start": "2026-11-20 09:00:00",
				"return_visit_due": "2026-11-20",
			}
		).insert()

		remind_overdue_return_visits(today="2026-11-20")  # due today: not overdue yet
		self.assertEqual(frappe.db.get_value("Customer Visit", visit.name, "is_overdue"), 0)
		self.assertEqual(reminders(manager.user), [])

		remind_overdue_return_visits(today="2026-11-23")
		self.assertEqual(frappe.db.get_value("Customer Visit", visit.name, "is_overdue"), 1)
		self.assertEqual(len(reminders(manager.user)), 1)
		self.assertEqual(len(reminders(leader)), 1)
		self.assertIn(visit.name, reminders(manager.user)[0])

		remind_overdue_return_visits(today="2026-11-23")  # the same day again: nothing new
		self.assertEqual(len(reminders(manager.user)), 1)
		self.assertEqual(len(reminders(leader)), 1)

		remind_overdue_return_visits(today="2026-11-24")  # the next day: one more
		self.assertEqual(len(reminders(manager.user)), 2)

		visit.reload()
		visit.status = "Completed"
		visit.save()
		remind_overdue_return_visits(today="2026-11-25")
		self.assertEqual(frappe.db.get_value("Customer Visit", visit.name, "is_overdue"), 0)
		self.assertEqual(len(reminders(manager.user)), 2)

	def test_visit_frequency_policy_gives_owners_a_todo_per_customer_due(self):
		manager = make_manager("frequency-owner")
		customers = {
			tag: make_customer(f"频率客户-{tag}", account_manager=manager.name, grade=grade).name
			for tag, grade in (("a-due", "A"), ("a-recent", "A"), ("b-never", "B"), ("c-planned", "C"))
		}
		for name in customers.values():
			frappe.db.set_value("Managed Customer", name, "assigned_on", "2026-01-05")

		def visit(customer, start, status):
			doc = frappe.get_doc(
				{"doctype": "Customer Visit", "customer": customer, "planned_start": start}
			).insert()
			if status == "Completed":
				doc.update({"status": "Completed", "completed_on": start})
				doc.save()

		visit(customers["a-due"], "2026-10-20 10:00:00", "Completed")  # 42 days before
		visit(customers["a-recent"], "2026-11-20 10:00:00", "Completed")  # 11 days before
		visit(customers["c-planned"], "2026-12-10 10:00:00", "Scheduled")

		with change_settings(
			"CRM Assign Settings", visit_days_grade_a=30, visit_days_grade_b=90, visit_days_grade_c=180
		):
			create_visit_frequency_todos(today="2026-12-01")
			self.assertEqual(open_todos(customers["a-due"]), [manager.user])
			self.assertEqual(open_todos(customers["b-never"]), [manager.user])  # in since January
			self.assertEqual(open_todos(customers["a-recent"]), [])
			self.assertEqual(open_todos(customers["c-planned"]), [])
			assigned = frappe.db.get_value("Managed Customer", customers["a-due"], "_assign")
			self.assertEqual(json.loads(assigned), [manager.user])

			create_visit_frequency_todos(today="2026-12-02")  # the next day: no duplicates
			self.assertEqual(open_todos(customers["a-due"]), [manager.user])
