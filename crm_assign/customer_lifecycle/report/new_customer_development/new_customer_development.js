// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.query_reports["New Customer Development"] = {
	filters: [
		{
			fieldname: "from_month",
			label: __("From Month"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -2),
			reqd: 1,
		},
		{
			fieldname: "to_month",
			label: __("To Month"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Account Manager", label: __("Account Manager") },
				{ value: "Service Team", label: __("Service Team") },
			],
			default: "Account Manager",
		},
		{ fieldname: "service_team", label: __("Service Team"), fieldtype: "Link", options: "Service Team" },
		{
			fieldname: "account_manager",
			label: __("Account Manager"),
			fieldtype: "Link",
			options: "Account Manager",
		},
	],
};
