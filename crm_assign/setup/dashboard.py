"""Dashboard Charts and Number Cards of the "Customer Assignment" workspace, created idempotently.

They count through `frappe.get_list`, so each user sees their own rows (crm_assign/permissions); charts on
guarded DocTypes are recomputed per user (permissions.overrides.dashboard_chart_get).
"""

import frappe

CLOSED = ["Resolved", "Closed"]

NUMBER_CARDS = (
	{
		"name": "Overdue Return Visits",
		"document_type": "Customer Visit",
		"function": "Count",
		"filters": [["Customer Visit", "is_overdue", "=", 1]],
		"color": "#FF5858",
	},
	{
		"name": "SLA Breached Complaints",
		"document_type": "Customer Complaint",
		"function": "Count",
		"filters": [
			["Customer Complaint", "sla_status", "=", "Breached"],
			["Customer Complaint", "status", "not in", CLOSED],
		],
		"color": "#FF5858",
	},
	{
		"name": "New Customers This Month",
		"document_type": "New Customer Credit",
		"function": "Count",
		"filters": [["New Customer Credit", "first_month", "Timespan", "this month"]],
		"color": "#29CD42",
	},
	{
		"name": "Development Quota This Month",
		"document_type": "Development Quota",
		"function": "Sum",
		"aggregate_function_based_on": "quota",
		"filters": [["Development Quota", "month", "Timespan", "this month"]],
		"color": "#5E64FF",
	},
)

CHARTS = (
	{
		"name": "Customers by Grade",
		"chart_type": "Group By",
		"document_type": "Managed Customer",
		"group_by_based_on": "grade",
		"type": "Donut",
		"filters": [["Managed Customer", "status", "in", ["Active", "Dormant"]]],
		"color": "#5E64FF",
	},
	{
		"name": "Customers by Lifecycle Stage",
		"chart_type": "Group By",
		"document_type": "Managed Customer",
		"group_by_based_on": "lifecycle_stage",
		"type": "Bar",
		"filters": [["Managed Customer", "status", "in", ["Active", "Dormant"]]],
		"color": "#29CD42",
	},
	{
		"name": "Open Complaints by SLA Status",
		"chart_type": "Group By",
		"document_type": "Customer Complaint",
		"group_by_based_on": "sla_status",
		"type": "Pie",
		"filters": [["Customer Complaint", "status", "not in", CLOSED]],
		"color": "#FF5858",
	},
	{
		"name": "New Customers per Month",
		"chart_type": "Count",
		"document_type": "New Customer Credit",
		"based_on": "first_month",
		"type": "Bar",
		"timeseries": 1,
		"timespan": "Last Year",
		"time_interval": "Monthly",
		"filters": [],
		"color": "#29CD42",
	},
)


def ensure_number_card(card: dict, **extra) -> None:
	"""Create a public Number Card from `card` unless the site has one of that name (never overwritten)."""
	if frappe.db.exists("Number Card", card["name"]):
		return
	frappe.get_doc(
		{
			"doctype": "Number Card",
			"name": card["name"],
			"label": card["name"],
			"type": "Document Type",
			"document_type": card["document_type"],
			"function": card.get("function", "Count"),
			"aggregate_function_based_on": card.get("aggregate_function_based_on"),
			"filters_json": frappe.as_json(card["filters"]),
			"is_public": 1,
			"is_standard": 0,
			"module": "Customer Assignment",
			"color": card["color"],
			**extra,
		}
	).insert(ignore_permissions=True)


def create_dashboard() -> None:
	for card in NUMBER_CARDS:
		ensure_number_card(card)
	for chart in CHARTS:
		if frappe.db.exists("Dashboard Chart", chart["name"]):
			continue
		frappe.get_doc(
			{
				"doctype": "Dashboard Chart",
				"chart_name": chart["name"],
				"chart_type": chart["chart_type"],
				"document_type": chart["document_type"],
				"group_by_type": "Count",
				"group_by_based_on": chart.get("group_by_based_on"),
				"based_on": chart.get("based_on"),
				"timeseries": chart.get("timeseries", 0),
				"timespan": chart.get("timespan", "Last Year"),
				"time_interval": chart.get("time_interval", "Monthly"),
				"number_of_groups": 0,
				"type": chart["type"],
				"filters_json": frappe.as_json(chart["filters"]),
				"is_public": 1,
				"is_standard": 0,
				"module": "Customer Assignment",
				"color": chart["color"],
			}
		).insert(ignore_permissions=True)
