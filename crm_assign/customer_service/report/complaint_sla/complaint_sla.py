# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE
"""Complaint SLA: response and resolution targets met, breaches, escalations, working hours to respond
and to resolve and satisfaction after closing, grouped by responsible person, manager, team, severity,
grade or category, with a weekly trend.

One query (complaints joined to their manager's team) limited to the user's rows; working hours are
measured in memory on the service calendar (crm_assign.core.worktime), no query per complaint.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import add_days, add_months, flt, getdate, now_datetime, today

from crm_assign.permissions.reports import restrict
from crm_assign.services.service_desk.work_calendar import aware, get_work_calendar

COMPLAINT = "Customer Complaint"
CLOSED = ("Resolved", "Closed")
GROUPS = {
	"Responsible Person": ("responsible_person", "Link", "User"),
	"Account Manager": ("account_manager", "Link", "Account Manager"),
	"Service Team": ("service_team", "Link", "Service Team"),
	"Severity": ("severity", "Data", None),
	"Customer Grade": ("customer_grade", "Data", None),
	"Category": ("category", "Data", None),
}
TRANSLATED = ("severity", "category")
PERSON_NAMES = {
	"responsible_person": ("User", "full_name"),
	"account_manager": ("Account Manager", "full_name"),
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	filters.group_by = filters.group_by if filters.group_by in GROUPS else "Responsible Person"
	complaints = load_complaints(filters)
	data = get_data(complaints, filters)
	return get_columns(filters), data, None, get_chart_data(complaints), get_report_summary(complaints)


def get_columns(filters) -> list[dict]:
	fieldname, fieldtype, options = GROUPS[filters.group_by]
	key = {"fieldname": fieldname, "label": _(filters.group_by), "fieldtype": fieldtype, "width": 190}
	if options:
		key["options"] = options

	def col(fieldname, label, fieldtype="Int", width=100):
		return {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}

	name = [col("person_name", "Name", "Data", 120)] if fieldname in PERSON_NAMES else []
	return [
		key,
		*name,
		col("complaints", "Complaints"),
		col("open", "Open", width=80),
		col("response_met", "Response Met"),
		col("response_met_pct", "Response Met %", "Percent", 120),
		col("resolution_met", "Resolution Met", width=110),
		col("resolution_met_pct", "Resolution Met %", "Percent", 125),
		col("breached", "Breached", width=90),
		col("escalated", "Escalated", width=90),
		col("avg_response_hours", "Avg Working Hours to Respond", "Float", 150),
		col("avg_resolution_hours", "Avg Working Hours to Resolve", "Float", 150),
		col("avg_satisfaction", "Avg Satisfaction (1-5)", "Float", 130),
	]


# data ------------------------------------------------------------------------------------------------------


def load_complaints(filters) -> list[dict]:
	complaint = frappe.qb.DocType(COMPLAINT)
	manager = frappe.qb.DocType("Account Manager")
	start = getdate(filters.from_date or add_months(today(), -3))
	end = add_days(getdate(filters.to_date or today()), 1)
	query = (
		frappe.qb.from_(complaint)
		.left_join(manager)
		.on(manager.name == complaint.account_manager)
		.select(
			complaint.name,
			complaint.status,
			complaint.severity,
			complaint.category,
			complaint.customer_grade,
			complaint.responsible_person,
			complaint.account_manager,
			manager.service_team,
			complaint.opened_on,
			complaint.sla_started_on,
			complaint.first_responded_on,
			complaint.resolved_on,
			complaint.response_by,
			complaint.resolution_by,
			complaint.sla_status,
			complaint.escalation_level,
			complaint.satisfaction,
		)
		.where(complaint.opened_on >= start)
		.where(complaint.opened_on < end)
	)
	query = restrict(query, COMPLAINT)
	for field in ("severity", "category", "account_manager", "responsible_person"):
		if filters.get(field):
			query = query.where(complaint[field] == filters.get(field))
	if filters.service_team:
		query = query.where(manager.service_team == filters.service_team)
	rows = query.run(as_dict=True)
	measure(rows, now_datetime())
	return rows


def measure(rows: list[dict], now: datetime) -> None:
	"""Per complaint: targets met or breached so far, and working hours to respond / resolve."""
	calendar = get_work_calendar()
	for row in rows:
		row.response_met, row.response_late = judge(row.first_responded_on, row.response_by, now)
		row.resolution_met, row.resolution_late = judge(row.resolved_on, row.resolution_by, now)
		row.breached = row.response_late or row.resolution_late or row.sla_status == "Breached"
		start = row.sla_started_on or row.opened_on
		row.response_hours = hours(calendar, start, row.first_responded_on)
		row.resolution_hours = hours(calendar, start, row.resolved_on)


def judge(done, due, now) -> tuple[bool, bool]:
	"""(met, late): met when done by the due time; late when done after it, or not done and past it."""
	if not due:
		return False, False
	if done:
		return done <= due, done > due
	return False, now > due


def hours(calendar, start, end) -> float | None:
	if not start or not end:
		return None
	return calendar.working_time_between(aware(start), aware(end)) / 3600


def get_data(complaints: list[dict], filters) -> list[dict]:
	fieldname = GROUPS[filters.group_by][0]
	groups = defaultdict(list)
	for row in complaints:
		groups[row.get(fieldname)].append(row)
	names = person_names(fieldname, [key for key in groups if key])
	data = []
	for key, rows in groups.items():
		figures = figures_of(rows)
		label = _(key) if key and fieldname in TRANSLATED else key
		person = {"person_name": names.get(key, key)} if fieldname in PERSON_NAMES else {}
		data.append({fieldname: label, **person, **figures})
	data.sort(key=lambda r: (-r["breached"], -r["complaints"]))
	return data


def person_names(fieldname: str, keys: list[str]) -> dict[str, str]:
	"""The people's names beside their IDs (one query), as the other reports show a manager."""
	if fieldname not in PERSON_NAMES or not keys:
		return {}
	doctype, name_field = PERSON_NAMES[fieldname]
	return dict(
		frappe.get_all(doctype, filters={"name": ("in", keys)}, fields=["name", name_field], as_list=True)
	)


def figures_of(rows: list[dict]) -> dict:
	responded = [r.response_hours for r in rows if r.response_hours is not None]
	resolved = [r.resolution_hours for r in rows if r.resolution_hours is not None]
	rated = [r.satisfaction for r in rows if r.satisfaction and r.status in CLOSED]
	response_judged = sum(1 for r in rows if r.response_met or r.response_late)
	resolution_judged = sum(1 for r in rows if r.resolution_met or r.resolution_late)
	response_met = sum(1 for r in rows if r.response_met)
	resolution_met = sum(1 for r in rows if r.resolution_met)
	return {
		"complaints": len(rows),
		"open": sum(1 for r in rows if r.status not in CLOSED),
		"response_met": response_met,
		"response_met_pct": percent(response_met, response_judged),
		"resolution_met": resolution_met,
		"resolution_met_pct": percent(resolution_met, resolution_judged),
		"breached": sum(1 for r in rows if r.breached),
		"escalated": sum(1 for r in rows if (r.escalation_level or 0) > 0),
		"avg_response_hours": flt(sum(responded) / len(responded), 2) if responded else None,
		"avg_resolution_hours": flt(sum(resolved) / len(resolved), 2) if resolved else None,
		"avg_satisfaction": flt(5 * sum(rated) / len(rated), 2) if rated else None,
	}


def percent(part: int, whole: int) -> float | None:
	return flt(100.0 * part / whole, 1) if whole else None


def week_of(value) -> date:
	day = getdate(value)
	return day - timedelta(days=day.weekday())


# chart and summary -------------------------------------------------------------------------------------


def get_chart_data(complaints: list[dict]) -> dict | None:
	if not complaints:
		return None
	opened, breached = defaultdict(int), defaultdict(int)
	for row in complaints:
		week = week_of(row.opened_on)
		opened[week] += 1
		breached[week] += bool(row.breached)
	weeks = sorted(opened)
	return {
		"data": {
			"labels": [w.isoformat() for w in weeks],
			"datasets": [
				{"name": _("Complaints"), "values": [opened[w] for w in weeks], "chartType": "bar"},
				{"name": _("Breached"), "values": [breached[w] for w in weeks], "chartType": "line"},
			],
		},
		"type": "axis-mixed",
		"colors": ["#5e64ff", "#ff5858"],
	}


def get_report_summary(complaints: list[dict]) -> list[dict]:
	figures = figures_of(complaints)
	return [
		{"label": _("Complaints"), "value": figures["complaints"], "datatype": "Int"},
		{"label": _("Open"), "value": figures["open"], "datatype": "Int"},
		{
			"label": _("Response Met %"),
			"value": figures["response_met_pct"] or 0,
			"datatype": "Percent",
			"indicator": "Green" if (figures["response_met_pct"] or 0) >= 90 else "Orange",
		},
		{
			"label": _("Resolution Met %"),
			"value": figures["resolution_met_pct"] or 0,
			"datatype": "Percent",
			"indicator": "Green" if (figures["resolution_met_pct"] or 0) >= 90 else "Orange",
		},
		{
			"label": _("Breached"),
			"value": figures["breached"],
			"datatype": "Int",
			"indicator": "Red" if figures["breached"] else "Green",
		},
		{"label": _("Escalated"), "value": figures["escalated"], "datatype": "Int"},
		{
			"label": _("Avg Satisfaction (1-5)"),
			"value": figures["avg_satisfaction"] or 0,
			"datatype": "Float",
		},
	]
