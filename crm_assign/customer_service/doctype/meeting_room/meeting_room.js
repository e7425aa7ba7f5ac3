// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.ui.form.on("Meeting Room", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Room Calendar"), () => {
			frappe.route_options = { meeting_room: frm.doc.name };
			frappe.set_route("List", "Customer Visit", "Calendar", "default");
		});
	},
});
