// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.listview_settings["Customer Visit"] = {
	add_fields: ["status", "is_overdue", "visit_type"],
	get_indicator(doc) {
		if (doc.is_overdue && ["Scheduled", "Checked In"].includes(doc.status)) {
			return [__("Overdue"), "red", "is_overdue,=,1"];
		}
		const colours = {
			Scheduled: "blue",
			"Checked In": "orange",
			Completed: "green",
			Cancelled: "gray",
			"No Show": "red",
		};
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
