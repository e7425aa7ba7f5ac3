// Data requests on the Managed Customer form: the department downloads one customer's data (logged).
frappe.ui.form.on("Managed Customer", {
	refresh(frm) {
		if (frm.is_new() || !frappe.user.has_role(["Customer Manager", "System Manager"])) return;
		frm.add_custom_button(
			__("Export Customer Data"),
			() => {
				const method = "crm_assign.services.data_protection.data_requests.export_customer_data";
				const query = new URLSearchParams({ customer: frm.doc.name });
				window.open(`/api/method/${method}?${query}`);
			},
			__("Data")
		);
	},
});
