app_name = "crm_assign"
app_title = "CRM Assign"
app_publisher = "crm_assign developers"
app_description = (
	"Customer assignment (分客制): fair, explainable allocation of customers to account managers"
)
app_email = "dev@crm-assign.invalid"
app_license = "MIT"

export_python_type_annotations = True

after_install = "crm_assign.setup.install.after_install"
after_migrate = "crm_assign.setup.install.after_migrate"
before_tests = "crm_assign.tests.before_tests"

scheduler_events = {
	"daily": [
		"crm_assign.services.allocation.rebalance.daily_leave_delegation",
	],
	"daily_long": [
		"crm_assign.services.lifecycle.nightly.run_nightly",
		"crm_assign.services.service_desk.visit_jobs.daily_visit_jobs",
		"crm_assign.services.data_protection.data_retention.daily_retention",
		"crm_assign.services.data_protection.backups.take_scheduled_backup",
	],
	"cron": {
		"*/10 * * * *": ["crm_assign.services.service_desk.complaint_sla.refresh_sla_job"],
	},
	"weekly_long": [
		"crm_assign.services.allocation.rebalance.weekly_rebalance",
	],
}

# Customer lifecycle: "Change Lifecycle Stage" (with a reason) on the customer form.
# Data requests: "Export Customer Data" for the department. Encrypted ID numbers: "Show ID Number".
doctype_js = {
	"Managed Customer": [
		"public/js/managed_customer_lifecycle.js",
		"public/js/managed_customer_data.js",
		"public/js/id_number_field.js",
	],
	"Customer Blacklist": "public/js/id_number_field.js",
}

doc_events = {
	# Customer lifecycle: blacklist/duplicate checks and logged stage/status edits of customers.
	"Managed Customer": {
		"validate": "crm_assign.services.lifecycle.blacklist.check_customer",
		"on_update": "crm_assign.services.lifecycle.stages.log_hand_edits",
	},
	# Record-level access: no permlevel values in Version rows; attachments of guarded records private.
	"Version": {"before_insert": "crm_assign.permissions.fields.scrub_version_before_insert"},
	"File": {"before_insert": "crm_assign.permissions.fields.keep_attachments_private"},
	# Data requests: a data subject's deletion also erases them from the customers (see user_data_fields).
	"Personal Data Deletion Request": {
		"on_update": "crm_assign.services.data_protection.data_requests.after_personal_data_deletion"
	},
}

# Frappe's Personal Data Download / Deletion Requests cover customers carrying the person's e-mail.
user_data_fields = [
	{
		"doctype": "Managed Customer",
		"filter_by": "email_id",
		"redact_fields": ["contact_person", "email_id", "mobile_no", "phone", "address"],
	},
]

# Record-level access (crm_assign/permissions): rows by owner / team / department, permlevel fields guarded.
permission_query_conditions = {"*": "crm_assign.permissions.access.query_conditions"}
has_permission = {"*": "crm_assign.permissions.access.has_permission"}
_O = "crm_assign.permissions.overrides."
override_whitelisted_methods = {
	"frappe.client.get_count": _O + "get_count",
	"frappe.client.validate_link": _O + "validate_link",
	"frappe.desk.listview.get_group_by_count": _O + "get_group_by_count",
	"frappe.desk.search.search_link": _O + "search_link",
	"frappe.desk.search.search_widget": _O + "search_widget",
	"frappe.desk.search.get_link_title": _O + "get_link_title",
	"frappe.desk.form.load.getdoc": _O + "getdoc",
	"frappe.client.get": _O + "client_get",
	"frappe.client.get_password": _O + "get_password",
	"frappe.desk.form.load.get_docinfo": _O + "get_docinfo",
	"frappe.desk.form.linked_with.get": _O + "get_linked_docs",
	"frappe.utils.global_search.search": _O + "global_search_search",
	"frappe.desk.doctype.tag.tag.get_tagged_docs": _O + "get_tagged_docs",
	"frappe.desk.doctype.tag.tag.add_tag": _O + "add_tag",
	"frappe.desk.doctype.tag.tag.add_tags": _O + "add_tags",
	"frappe.desk.doctype.tag.tag.remove_tag": _O + "remove_tag",
	"frappe.desk.query_report.run": _O + "run_report",
	"frappe.desk.query_report.export_query": _O + "export_report",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": _O + "dashboard_chart_get",
}
# Whitelisted methods by the paths they had before services/ was split by capability: REST clients, users'
# Client/Server Scripts and Desk tabs opened before an update still call them.
_S = "crm_assign.services."
override_whitelisted_methods |= {
	_S + "data_requests.export_customer_data": _S + "data_protection.data_requests.export_customer_data",
	_S + "data_retention.propose_now": _S + "data_protection.data_retention.propose_now",
	_S + "id_numbers.reveal_id_number": "crm_assign.permissions.id_numbers.reveal_id_number",
	_S + "id_numbers.find_customers_by_id_number": _S
	+ "data_protection.id_numbers.find_customers_by_id_number",
	_S + "incentives.make_month_statements": _S + "lifecycle.incentives.make_month_statements",
	_S + "lifecycle.set_lifecycle_stage": _S + "lifecycle.stages.set_lifecycle_stage",
	_S + "lifecycle_jobs.enqueue_nightly": _S + "lifecycle.nightly.enqueue_nightly",
	_S + "visits.get_calendar_events": _S + "service_desk.visits.get_calendar_events",
}
after_request = ["crm_assign.permissions.overrides.scrub_json_response"]
# end: record-level access
