// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.views.calendar["Customer Visit"] = {
	field_map: {
		start: "planned_start",
		end: "planned_end",
		id: "name",
		title: "title",
		allDay: "all_day",
		status: "status",
	},
	get_css_class(event) {
		return (
			{
				Scheduled: "default",
				"Checked In": "warning",
				Completed: "success",
				Cancelled: "danger",
				"No Show": "danger",
			}[event.status] || "default"
		);
	},
	filters: [
		{
			fieldtype: "Link",
			fieldname: "meeting_room",
			options: "Meeting Room",
			label: __("Meeting Room"),
		},
		{
			fieldtype: "Link",
			fieldname: "account_manager",
			options: "Account Manager",
			label: __("Host (Account Manager)"),
		},
	],
	get_events_method: "crm_assign.services.service_desk.visits.get_calendar_events",
};
