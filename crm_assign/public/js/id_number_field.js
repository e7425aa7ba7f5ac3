// The encrypted ID number field of Managed Customer and Customer Blacklist (permissions/id_numbers.py
// reveals it, services/data_protection/id_numbers.py encrypts and hashes it): the field shows a mask; users who may read it on this record see the number with "Show ID Number", and
// every reveal goes to the Access Log. Loaded with both forms (hooks.doctype_js); their scripts call it.
frappe.provide("crm_assign");

crm_assign.setup_id_number_field = function (frm) {
	const field = frm.get_field("id_number");
	field.disable_password_checks(); // an ID number, not a password: no strength meter
	if (frm.is_new() || !frm.doc.id_number || !frm.perm[field.df.permlevel]?.read) return;
	frm.add_custom_button(__("Show ID Number"), () =>
		frappe
			.call("crm_assign.permissions.id_numbers.reveal_id_number", {
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
};
