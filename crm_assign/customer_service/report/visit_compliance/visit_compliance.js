// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.query_reports["Visit Compliance"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("Return Visits Due From"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("Return Visits Due To"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
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
};
