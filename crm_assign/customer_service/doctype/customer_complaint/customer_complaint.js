// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.ui.form.on("Customer Complaint", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.sla_status) return;
		const colours = { "On Track": "green", "At Risk": "orange", Breached: "red", Met: "green" };
		const when = (value) => frappe.datetime.str_to_user(value);
		frm.dashboard.add_indicator(
			__("SLA: {0}", [__(frm.doc.sla_status)]),
			colours[frm.doc.sla_status] || "gray"
		);
		if (frm.doc.sla_paused) {
			frm.dashboard.add_indicator(__("Clock paused"), "blue");
		}
		if (frm.doc.response_by && !frm.doc.first_responded_on) {
			frm.dashboard.add_indicator(__("Respond by {0}", [when(frm.doc.response_by)]), "orange");
		}
		if (frm.doc.resolution_by && !frm.doc.resolved_on) {
			frm.dashboard.add_indicator(__("Resolve by {0}", [when(frm.doc.resolution_by)]), "orange");
		}
		if (frm.doc.escalation_level) {
			frm.dashboard.add_indicator(__("Escalation level {0}", [frm.doc.escalation_level]), "red");
		}
	},
});
