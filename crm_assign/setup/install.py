"""Idempotent setup run on `after_install` and `after_migrate`: roles, number cards, settings defaults,
encrypted backups.

DocTypes and the workspace ship as JSON and are synced by Frappe; this module creates what is not
shipped as JSON. Every function here may run any number of times without duplicating anything.
"""

import frappe

ROLES = (
	"Account Manager",
	"Team Leader",
	"Customer Manager",
	"Allocation Approver",
	"Receptionist",
	"Customer Auditor",
	"General Manager",
)

NUMBER_CARDS = (
	{
		"name": "Active Customers",
		"document_type": "Managed Customer",
		"filters": [["Managed Customer", "status", "=", "Active"]],
		"color": "#29CD42",
	},
	{
		"name": "Unassigned Customers",
		"document_type": "Managed Customer",
		"filters": [
			["Managed Customer", "account_manager", "is", "not set"],
			["Managed Customer", "status", "in", ["Active", "Dormant"]],
		],
		"color": "#ECAD4B",
	},
	{
		"name": "Key Customers",
		"document_type": "Managed Customer",
		"filters": [["Managed Customer", "grade", "=", "A"], ["Managed Customer", "status", "=", "Active"]],
		"color": "#5E64FF",
	},
	{
		"name": "Open Complaints",
		"document_type": "Customer Complaint",
		"filters": [["Customer Complaint", "status", "not in", ["Resolved", "Closed"]]],
		"color": "#FF5858",
	},
)


def after_install():
	setup()


def after_migrate():
	setup()


def setup():
	create_roles()
	create_workflows()
	create_number_cards()
	create_dashboard()
	apply_settings_defaults()
	setup_service_desk()
	setup_customer_lifecycle()
	enable_encrypted_backups()
	restrict_frappe_workspaces()


def restrict_frappe_workspaces():
	from crm_assign.setup.frappe_workspaces import restrict_frappe_workspaces

	restrict_frappe_workspaces()


def enable_encrypted_backups():
	from crm_assign.services.data_protection.backups import enable_encrypted_backups

	enable_encrypted_backups()


def setup_customer_lifecycle():
	from crm_assign.customer_lifecycle.setup import setup_customer_lifecycle

	setup_customer_lifecycle()


def setup_service_desk():
	from crm_assign.customer_service.setup import setup_service_desk

	setup_service_desk()


def create_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)


def create_workflows():
	from crm_assign.customer_assignment.allocation_workflow import ALLOCATION_PLAN_WORKFLOW
	from crm_assign.customer_service.workflows import SERVICE_WORKFLOWS
	from crm_assign.setup.workflows import ensure_workflow

	ensure_workflow(ALLOCATION_PLAN_WORKFLOW)
	for spec in SERVICE_WORKFLOWS:
		ensure_workflow(spec)


def create_dashboard():
	from crm_assign.setup.dashboard import create_dashboard

	create_dashboard()


def create_number_cards():
	from crm_assign.setup.dashboard import ensure_number_card

	for card in NUMBER_CARDS:
		ensure_number_card(card, show_percentage_stats=1, stats_time_interval="Monthly")


def apply_settings_defaults():
	apply_single_defaults("CRM Assign Settings")


def apply_single_defaults(doctype: str) -> None:
	"""Store each field's default in a Single where the site has no value yet (never overwrite a choice)."""
	singles = frappe.qb.DocType("Singles")
	settings = frappe.get_single(doctype)
	# Frappe fills every Time field of a new document with the current time (microseconds included), so a
	# stored time with a fraction of a second was never chosen by anyone: treat it as missing.
	time_fields = {df.fieldname for df in settings.meta.fields if df.fieldtype == "Time"}
	stored = {
		field
		for field, value in frappe.qb.from_(singles)
		.select(singles.field, singles.value)
		.where(singles.doctype == doctype)
		.run()
		if not (field in time_fields and "." in (value or ""))
	}
	missing = [
		df
		for df in settings.meta.fields
		if df.default is not None
		and df.fieldtype not in frappe.model.no_value_fields
		and df.fieldname not in stored
	]
	if not missing:
		return
	for df in missing:
		settings.set(df.fieldname, df.default)
	settings.flags.ignore_permissions = True
	settings.save()
