"""Idempotent setup run on `after_install` and `after_migrate`: roles, number cards, settings defaults,
encrypted backups.

DocTypes and the workspace ship as JSON and are synced by Frappe; this module creates what is not
shipped as JSON. Every function here may run any number of times without duplicating anything.
"""

import frappe

from crm_assign.customer_assignment.allocation_workflow import ALLOCATION_PLAN_WORKFLOW
from crm_assign.customer_service.workflows import SERVICE_WORKFLOWS
from crm_assign.services.data_protection.backups import enable_encrypted_backups
from crm_assign.setup.dashboard import create_dashboard, ensure_number_card
from crm_assign.setup.defaults import apply_single_defaults
from crm_assign.setup.frappe_workspaces import restrict_frappe_workspaces
from crm_assign.setup.lifecycle import setup_customer_lifecycle
from crm_assign.setup.service_desk import setup_service_desk
from crm_assign.setup.workflows import ensure_workflow

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
	apply_single_defaults("CRM Assign Settings")
	setup_service_desk()
	setup_customer_lifecycle()
	enable_encrypted_backups()
	restrict_frappe_workspaces()


def create_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)


def create_workflows():
	ensure_workflow(ALLOCATION_PLAN_WORKFLOW)
	for spec in SERVICE_WORKFLOWS:
		ensure_workflow(spec)


def create_number_cards():
	for card in NUMBER_CARDS:
		ensure_number_card(card, show_percentage_stats=1, stats_time_interval="Monthly")
