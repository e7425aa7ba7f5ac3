"""Idempotent defaults of the service desk, run from ``crm_assign.setup.install`` on install and migrate.

A default Service Calendar (Monday–Friday, the settings' hours, China's holidays for this year and the next
where data exists) and a default Service Level Policy are created only when the site has none; a site's own
choices are never overwritten. Rows written in bulk without a workflow state (demo data, imports) get the
state that matches their status.
"""

import frappe
from frappe.utils import getdate, nowdate

from crm_assign.core.holidays_cn import HolidayDataUnavailableError, china_holiday_schedule

DEFAULT_CALENDAR = "China Mainland"
DEFAULT_POLICY = "Standard"
# severity -> (response, resolution) in working hours; grade A customers get half of each.
DEFAULT_TARGETS = {"Critical": (1, 8), "High": (2, 16), "Medium": (4, 24), "Low": (8, 40)}


def setup_service_desk() -> None:
	create_default_calendar()
	create_default_policy()
	sync_workflow_states()


def create_default_calendar() -> None:
	if frappe.db.exists("Service Calendar", {}):
		return
	year = getdate(nowdate()).year
	calendar = frappe.get_doc({"doctype": "Service Calendar", "calendar_name": DEFAULT_CALENDAR})
	for seed_year in (year, year + 1):
		try:
			china_holiday_schedule([seed_year])
		except HolidayDataUnavailableError:
			continue
		calendar.seed_china_holidays(seed_year)
	calendar.insert(ignore_permissions=True)
	if not frappe.db.get_single_value("CRM Assign Settings", "service_calendar"):
		frappe.db.set_single_value("CRM Assign Settings", "service_calendar", calendar.name)


def create_default_policy() -> None:
	if frappe.db.exists("Service Level Policy", {}):
		return
	targets = []
	for severity, (response, resolution) in DEFAULT_TARGETS.items():
		targets.append(
			{
				"severity": severity,
				"grade": "A",
				"response_hours": response / 2,
				"resolution_hours": resolution / 2,
			}
		)
		targets.append({"severity": severity, "response_hours": response, "resolution_hours": resolution})
	frappe.get_doc(
		{
			"doctype": "Service Level Policy",
			"policy_name": DEFAULT_POLICY,
			"default_policy": 1,
			"targets": targets,
		}
	).insert(ignore_permissions=True)


def sync_workflow_states() -> None:
	"""Give rows without a workflow state the state named like their status (states are named after them)."""
	for doctype in ("Customer Visit", "Customer Complaint"):
		table = frappe.qb.DocType(doctype)
		(
			frappe.qb.update(table)
			.set(table.workflow_state, table.status)
			.where(table.workflow_state.isnull() | (table.workflow_state == ""))
			.run()
		)
