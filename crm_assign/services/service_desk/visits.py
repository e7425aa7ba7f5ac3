"""Customer Visit glue: booking conflicts, working hours, return visits and the customer's last activity.

Rules that need no database (overlaps, outside-hours, the return-visit date) live in ``crm_assign.core.visits``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import frappe
from frappe import _
from frappe.utils import format_datetime, get_datetime, getdate

from crm_assign.core.visits import outside_working_hours, return_visit_due
from crm_assign.services.service_desk.work_calendar import aware, calendar_date, get_work_calendar, naive

ACTIVE_STATUSES = ("Scheduled", "Checked In")
RECEPTION = "Appointment/Reception"
RETURN_VISIT = "Return Visit"
RETURN_VISIT_MINUTES = 30


def find_conflict(visit, fieldname: str) -> dict | None:
	"""Another active visit with the same value of ``fieldname`` (room or host) overlapping this visit's time."""
	value = visit.get(fieldname)
	if not value or visit.status not in ACTIVE_STATUSES:
		return None
	table = frappe.qb.DocType("Customer Visit")
	rows = (
		frappe.qb.from_(table)
		.select(table.name, table.planned_start, table.planned_end, table.customer_name)
		.where(table[fieldname] == value)
		.where(table.name != (visit.name or ""))
		.where(table.status.isin(ACTIVE_STATUSES))
		.where(table.planned_start < get_datetime(visit.planned_end))
		.where(table.planned_end > get_datetime(visit.planned_start))
		.orderby(table.planned_start)
		.limit(1)
		.run(as_dict=True)
	)
	return rows[0] if rows else None


def conflict_message(fieldname: str, value: str, other: dict) -> str:
	period = (
		frappe.bold(format_datetime(other.planned_start, "yyyy-MM-dd HH:mm")),
		frappe.bold(format_datetime(other.planned_end, "HH:mm")),
	)
	if fieldname == "meeting_room":
		return _("Meeting room {0} is already booked from {1} to {2} (visit {3}).").format(
			frappe.bold(value), *period, frappe.bold(other.name)
		)
	return _("Host {0} already has visit {1} from {2} to {3}.").format(
		frappe.bold(value), frappe.bold(other.name), *period
	)


def is_outside_working_hours(start, end) -> bool:
	calendar = get_work_calendar()
	return outside_working_hours(calendar, aware(start), aware(end))


def on_visit_completed(visit) -> None:
	"""A visit became Completed: the customer's last activity moves on; a reception gets its return visit."""
	touch_last_activity(visit.customer, getdate(visit.completed_on))
	if visit.visit_type == RECEPTION:
		create_return_visit(visit)
	if not visit.survey_link:
		from crm_assign.services.service_desk.survey import send_survey

		send_survey(visit)


def touch_last_activity(customer: str, day) -> None:
	"""Move ``last_activity_date`` forward to ``day`` (never backwards), without touching ``modified``."""
	table = frappe.qb.DocType("Managed Customer")
	(
		frappe.qb.update(table)
		.set(table.last_activity_date, day)
		.where(table.name == customer)
		.where(table.last_activity_date.isnull() | (table.last_activity_date < day))
		.run()
	)


def create_return_visit(reception) -> str | None:
	"""Create the Return Visit due N working days after the reception, assigned to the customer's owner."""
	if frappe.db.exists("Customer Visit", {"source_visit": reception.name, "visit_type": RETURN_VISIT}):
		return None
	calendar = get_work_calendar()
	days = frappe.get_cached_doc("CRM Assign Settings").return_visit_days or 0
	due = return_visit_due(calendar, calendar_date(calendar, reception.completed_on), days)
	opening = calendar.next_working_instant(datetime.combine(due, time(0), tzinfo=calendar.zone))
	start = naive(opening)
	owner = frappe.db.get_value("Managed Customer", reception.customer, "account_manager")
	host = owner or reception.account_manager
	visit = frappe.get_doc(
		{
			"doctype": "Customer Visit",
			"visit_type": RETURN_VISIT,
			"customer": reception.customer,
			"account_manager": host,
			"planned_start": start,
			"planned_end": start + timedelta(minutes=RETURN_VISIT_MINUTES),
			"return_visit_due": due,
			"source_visit": reception.name,
			"purpose": _("Return visit after reception {0}").format(reception.name),
		}
	)
	visit.flags.ignore_permissions = True
	visit.flags.skip_host_conflict = True  # a reminder slot: the owner moves it to a free time
	visit.insert()
	if host:
		from frappe.desk.form.assign_to import add as assign

		assign(
			{
				"assign_to": [frappe.db.get_value("Account Manager", host, "user")],
				"doctype": "Customer Visit",
				"name": visit.name,
				"date": due,
				"description": _("Return visit to {0} due by {1}").format(
					reception.customer_name or reception.customer, frappe.format(due, "Date")
				),
			},
			ignore_permissions=True,
		)
	return visit.name


@frappe.whitelist()
def get_calendar_events(start: str, end: str, filters: str | list | None = None, **kwargs) -> list[dict]:
	"""Events of the Customer Visit calendar: titled with room, customer and type; coloured by status."""
	frappe.has_permission("Customer Visit", "read", throw=True)
	filters = frappe.parse_json(filters) if filters else []
	filters += [
		["Customer Visit", "planned_start", "<=", end],
		["Customer Visit", "planned_end", ">=", start],
	]
	rows = frappe.get_list(
		"Customer Visit",
		fields=[
			"name",
			"planned_start",
			"planned_end",
			"customer_name",
			"customer",
			"meeting_room",
			"visit_type",
			"status",
		],
		filters=filters,
		order_by="planned_start asc",
		limit_page_length=2000,
	)
	for row in rows:
		who = row.customer_name or row.customer
		what = _(row.visit_type)
		row.title = f"{row.meeting_room} · {who} ({what})" if row.meeting_room else f"{who} ({what})"
		row.all_day = 0
	return rows
