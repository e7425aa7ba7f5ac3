// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.query_reports["Ownership History"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Managed Customer" },
		{
			fieldname: "account_manager",
			label: __("Account Manager"),
			fieldtype: "Link",
			options: "Account Manager",
		},
		{
			fieldname: "change_type",
			label: __("Change Type"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "Plan", label: __("Plan") },
				{ value: "Auto", label: __("Auto") },
				{ value: "Manual", label: __("Manual") },
				{ value: "Delegation", label: __("Delegation") },
				{ value: "Hand-back", label: __("Hand-back") },
			],
		},
		{
			fieldname: "period",
			label: __("Churn Per"),
			fieldtype: "Select",
			options: [
				{ value: "Week", label: __("Week") },
				{ value: "Month", label: __("Month") },
				{ value: "Quarter", label: __("Quarter") },
			],
			default: "Month",
		},
		{
			fieldname: "row_limit",
			label: __("Rows Shown"),
			fieldtype: "Int",
			default: 1000,
			description: __(
				"Latest changes listed in the table (0 = all); the chart and summary count every change."
			),
		},
	],
};
