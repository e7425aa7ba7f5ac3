"""Idempotent defaults of the Customer Lifecycle module, run from ``crm_assign.setup.install``.

Creates the workflows (admission, exit, blacklist removal, discount, data erasure), stores the lifecycle
settings' defaults the site has not chosen yet, and creates a "Standard" Incentive Policy and Customer
Grading Rule with the rules' numbers when the site has none. A site's own choices are never overwritten.
"""

import frappe

from crm_assign.customer_lifecycle.workflows import LIFECYCLE_WORKFLOWS
from crm_assign.setup.defaults import apply_single_defaults
from crm_assign.setup.workflows import ensure_workflow

STANDARD = "Standard"


def setup_customer_lifecycle() -> None:
	for spec in LIFECYCLE_WORKFLOWS:
		ensure_workflow(spec)
	apply_lifecycle_settings_defaults()
	create_default_incentive_policy()
	create_default_grading_rule()


def apply_lifecycle_settings_defaults() -> None:
	apply_single_defaults("Customer Lifecycle Settings")


def create_default_incentive_policy() -> None:
	if frappe.db.exists("Incentive Policy", {}):
		return
	frappe.get_doc({"doctype": "Incentive Policy", "policy_name": STANDARD, "is_default": 1}).insert(
		ignore_permissions=True
	)


def create_default_grading_rule() -> None:
	if frappe.db.exists("Customer Grading Rule", {}):
		return
	frappe.get_doc({"doctype": "Customer Grading Rule", "rule_name": STANDARD, "is_active": 1}).insert(
		ignore_permissions=True
	)
