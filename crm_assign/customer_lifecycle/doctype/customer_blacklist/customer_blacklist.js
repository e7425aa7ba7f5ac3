// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

// The encrypted ID number: a mask in the field, "Show ID Number" for readers (public/js/id_number_field.js).
frappe.ui.form.on("Customer Blacklist", {
	refresh(frm) {
		crm_assign.setup_id_number_field(frm);
	},
});
