// Customer Lifecycle additions to the Managed Customer form: change the lifecycle stage with a reason.
frappe.ui.form.on("Managed Customer", {
	refresh(frm) {
		if (frm.is_new() || !frm.has_perm("write")) return;
		frm.add_custom_button(
			__("Change Lifecycle Stage"),
			() => {
				const dialog = new frappe.ui.Dialog({
					title: __("Change Lifecycle Stage"),
					fields: [
						{
							fieldname: "stage",
							fieldtype: "Select",
							label: __("Lifecycle Stage"),
							options: ["Potential", "Intent", "Deal", "Partner"],
							default: frm.doc.lifecycle_stage,
							reqd: 1,
						},
						{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					],
					primary_action_label: __("Change"),
					primary_action(values) {
						frappe
							.call("crm_assign.services.lifecycle.stages.set_lifecycle_stage", {
								customer: frm.doc.name,
								stage: values.stage,
								reason: values.reason,
							})
							.then(() => {
								dialog.hide();
								frm.reload_doc();
							});
					},
				});
				dialog.show();
			},
			__("Lifecycle")
		);
	},
});
