// Managed Customer list: find customers by ID / registration number. The number is stored encrypted, so
// list filters cannot search it; the server matches its keyed hash (crm_assign/services/data_protection/id_numbers.py).
frappe.listview_settings["Managed Customer"] = {
	onload(listview) {
		if (!frappe.perm.has_perm("Managed Customer", 1, "read")) return;
		listview.page.add_inner_button(__("Find by ID Number"), () => {
			frappe.prompt(
				{ fieldname: "id_number", fieldtype: "Data", label: __("ID / Registration Number"), reqd: 1 },
				({ id_number }) =>
					frappe
						.call("crm_assign.services.data_protection.id_numbers.find_customers_by_id_number", { id_number })
						.then(({ message: found = [] }) => {
							if (found.length === 1) {
								frappe.set_route("Form", "Managed Customer", found[0].name);
							} else if (found.length) {
								listview.filter_area.clear(false);
								listview.filter_area.add([
									["Managed Customer", "name", "in", found.map((c) => c.name)],
								]);
							} else {
								frappe.msgprint(__("No customer you may see has this ID number."));
							}
						}),
				__("Find by ID Number"),
				__("Find")
			);
		});
	},
};
