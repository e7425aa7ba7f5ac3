// Customer Data Erasure list: propose the customers past the retention period now, not at night.
frappe.listview_settings["Customer Data Erasure"] = {
	onload(listview) {
		if (!frappe.user.has_role(["Customer Manager", "System Manager"])) return;
		listview.page.add_inner_button(__("Find Customers Past Retention"), () => {
			frappe.call("crm_assign.services.data_protection.data_retention.propose_now").then((r) => {
				if (r.message) frappe.set_route("Form", "Customer Data Erasure", r.message);
				else listview.refresh();
			});
		});
	},
};
