// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

// The ID number is stored encrypted (crm_assign/services/id_numbers.py): the field shows a mask. Users who
// may read it on this entry see it with "Show ID Number"; every reveal goes to the Access Log.
frappe.ui.form.on("Customer Blacklist", {
	refresh(frm) {
		const field = frm.get_field("id_number");
		field.disable_password_checks(); // an ID number, not a password: no strength meter
		if (frm.is_new() || !frm.doc.id_number || !frm.perm[field.df.permlevel]?.read) return;
		frm.add_custom_button(__("Show ID Number"), () =>
			frappe
				.call("crm_assign.services.id_numbers.reveal_id_number", {
					doctype: frm.doctype,
					name: frm.doc.name,
				})
				.then((r) =>
					frappe.msgprint({
						title: __("ID / Registration Number"),
						message: frappe.utils.escape_html(r.message || ""),
						indicator: "blue",
					})
				)
		);
	},
});
