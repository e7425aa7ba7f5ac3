frappe.ui.form.on("Customer Lifecycle Settings", {
	refresh(frm) {
		if (!frappe.user.has_role(["Customer Manager", "System Manager"])) return;
		frm.add_custom_button(__("Run Nightly Jobs Now"), () =>
			frappe
				.call("crm_assign.services.lifecycle.nightly.enqueue_nightly")
				.then(() => frappe.show_alert(__("Grading and dormancy jobs queued")))
		);
	},
});
