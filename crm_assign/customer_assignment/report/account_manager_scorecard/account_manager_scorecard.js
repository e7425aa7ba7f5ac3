// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.query_reports["Account Manager Scorecard"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -2),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "service_team", label: __("Service Team"), fieldtype: "Link", options: "Service Team" },
		{
			fieldname: "account_manager",
			label: __("Account Manager"),
			fieldtype: "Link",
			options: "Account Manager",
		},
	],
	onload(report) {
		report.page.add_inner_button(__("Scorecard Weights"), () =>
			frappe.set_route("Form", "Scorecard Settings")
		);
	},
};
