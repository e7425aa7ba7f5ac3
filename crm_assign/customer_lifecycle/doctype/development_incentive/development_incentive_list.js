frappe.listview_settings["Development Incentive"] = {
	onload(listview) {
		if (!frappe.model.can_create("Development Incentive")) return;
		listview.page.add_inner_button(__("Draft Month Statements"), () => {
			frappe.prompt(
				{
					fieldname: "month",
					fieldtype: "Date",
					label: __("Month"),
					reqd: 1,
					default: frappe.datetime.add_months(frappe.datetime.month_start(), -1),
				},
				(values) =>
					frappe
						.call("crm_assign.services.lifecycle.incentives.make_month_statements", { month: values.month })
						.then((r) => {
							frappe.show_alert(
								__("{0} statements drafted, {1} already existed", [r.message.created, r.message.skipped])
							);
							listview.refresh();
						}),
				__("Draft Month Statements")
			);
		});
	},
};
