// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.ui.form.on("Customer Visit", {
	refresh(frm) {
		// Desk appends "<br>" and the time zone to a Datetime field's description before translating it,
		// so the sentence would stay English: translate the sentence itself
		for (const field of frm.fields) {
			const df = field.df;
			if (df.fieldtype === "Datetime" && df.description && !df.__description_translated) {
				const [sentence, ...time_zone] = df.description.split("<br>");
				df.description = [__(sentence), ...time_zone].join("<br>");
				df.__description_translated = true;
				frm.refresh_field(df.fieldname);
			}
		}
	},
});
