frappe.listview_settings["Allocation Plan"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			Draft: "gray",
			"Pending Approval": "orange",
			Rejected: "red",
			Approved: "blue",
			Queued: "blue",
			Applying: "purple",
			Applied: "green",
			Cancelled: "red",
		};
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
