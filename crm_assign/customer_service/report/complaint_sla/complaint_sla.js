// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.query_reports["Complaint SLA"] = {
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
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				"Responsible Person",
				"Account Manager",
				"Service Team",
				"Severity",
				"Customer Grade",
				"Category",
			].map((value) => ({ value, label: __(value) })),
			default: "Responsible Person",
			reqd: 1,
		},
		{
			fieldname: "severity",
			label: __("Severity"),
			fieldtype: "Select",
			options: ["", "Low", "Medium", "High", "Critical"].map((value) => ({
				value,
				label: value ? __(value) : "",
			})),
		},
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Select",
			options: ["", "Product", "Service", "Delivery", "Billing", "Staff Conduct", "Other"].map(
				(value) => ({ value, label: value ? __(value) : "" })
			),
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
