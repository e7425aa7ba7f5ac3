// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.ui.form.on("Service Calendar", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0].write) return;
		frm.add_custom_button(__("Add China Holidays"), () => {
			frappe.prompt(
				{
					fieldname: "year",
					fieldtype: "Int",
					label: __("Year"),
					reqd: 1,
					default: new Date().getFullYear(),
				},
				({ year }) =>
					frappe
						.call("crm_assign.customer_service.doctype.service_calendar.service_calendar.seed_china_holidays", {
							calendar: frm.doc.name,
							year,
						})
						.then(({ message }) => {
							frappe.show_alert({
								message: __("{0} dates added.", [message.added]),
								indicator: "green",
							});
							frm.reload_doc();
						}),
				__("Add China Holidays")
			);
		});
	},
});
