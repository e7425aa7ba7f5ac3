// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

const SLA_COLOURS = { "On Track": "green", "At Risk": "orange", Breached: "red", Met: "green" };

frappe.listview_settings["Customer Complaint"] = {
	add_fields: ["status", "sla_status", "sla_paused", "escalation_level"],
	get_indicator(doc) {
		if (["Resolved", "Closed"].includes(doc.status)) {
			return [__(doc.status), "gray", "status,=," + doc.status];
		}
		if (doc.sla_paused) {
			return [__("Paused"), "blue", "sla_paused,=,1"];
		}
		if (doc.sla_status) {
			return [__(doc.sla_status), SLA_COLOURS[doc.sla_status], "sla_status,=," + doc.sla_status];
		}
		return [__(doc.status), "gray", "status,=," + doc.status];
	},
};
