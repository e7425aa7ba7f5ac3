// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.query_reports["Allocation and Workload"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Account Manager", label: __("Account Manager") },
				{ value: "Service Team", label: __("Service Team") },
				{ value: "Service Region", label: __("Service Region") },
			],
			default: "Account Manager",
			reqd: 1,
		},
		{ fieldname: "service_team", label: __("Service Team"), fieldtype: "Link", options: "Service Team" },
		{
			fieldname: "service_region",
			label: __("Service Region"),
			fieldtype: "Link",
			options: "Service Region",
		},
		{
			fieldname: "account_manager",
			label: __("Account Manager"),
			fieldtype: "Link",
			options: "Account Manager",
		},
		{ fieldname: "include_inactive", label: __("Include Inactive Managers"), fieldtype: "Check" },
	],
	onload(report) {
		if (!frappe.model.can_create("Allocation Plan")) return;
		report.page.add_inner_button(__("Draft Rebalancing Plan"), () => {
			const team = report.get_filter_value("service_team");
			const region = report.get_filter_value("service_region");
			frappe.new_doc("Allocation Plan", {
				scope: team ? "Service Team" : region ? "Service Region" : "All",
				scope_service_team: team || undefined,
				scope_service_region: region || undefined,
				title: __("Rebalance {0}", [team || region || __("All")]),
			});
		});
	},
};
