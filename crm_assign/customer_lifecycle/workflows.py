"""Workflows of the Customer Lifecycle module, shipped through `crm_assign.setup.workflows.ensure_workflow`.

States write the documents' own `status` field; controllers check the decisive rules again on submit
(who approves which level, what must be filled in), so a site may rename states or add steps freely.
"""

from crm_assign.core.workflow_spec import State, Transition, WorkflowSpec

AM, TL, CM, GM = "Account Manager", "Team Leader", "Customer Manager", "General Manager"
STAFF = (AM, TL, CM)


def _state(name, doc_status=0, style="", allow_edit=CM):
	return State(name, doc_status, allow_edit, style, "status", name)


ADMISSION_WORKFLOW = WorkflowSpec(
	name="Admission Approval",
	document_type="Admission Application",
	states=(
		_state("Draft", allow_edit=AM),
		_state("General Investigation", style="Info", allow_edit=AM),
		_state("On-site Investigation", style="Info", allow_edit=AM),
		_state("Pending Approval", style="Warning"),
		_state("Pending General Manager Approval", style="Warning", allow_edit=GM),
		_state("Approved", 1, "Success"),
		_state("Rejected", 1, "Danger"),
	),
	transitions=(
		*(
			Transition("Draft", "Start General Investigation", "General Investigation", role)
			for role in STAFF
		),
		*(
			Transition("General Investigation", "Start On-site Investigation", "On-site Investigation", role)
			for role in STAFF
		),
		*(
			Transition("On-site Investigation", "Submit Application", "Pending Approval", role)
			for role in STAFF
		),
		Transition("Pending Approval", "Approve", "Approved", CM, 0, "not doc.needs_general_manager"),
		Transition(
			"Pending Approval",
			"Approve",
			"Pending General Manager Approval",
			CM,
			0,
			"doc.needs_general_manager",
		),
		Transition("Pending Approval", "Reject", "Rejected", CM, 0),
		Transition("Pending General Manager Approval", "Approve", "Approved", GM, 0),
		Transition("Pending General Manager Approval", "Reject", "Rejected", GM, 0),
	),
)

EXIT_WORKFLOW = WorkflowSpec(
	name="Customer Exit Approval",
	document_type="Customer Exit Request",
	states=(
		_state("Draft", allow_edit=AM),
		_state("Pending Approval", style="Warning"),
		_state("Approved", 1, "Success"),
		_state("Rejected", 1, "Danger"),
	),
	transitions=(
		*(Transition("Draft", "Submit for Approval", "Pending Approval", role) for role in STAFF),
		Transition("Pending Approval", "Approve", "Approved", CM, 0),
		Transition("Pending Approval", "Reject", "Rejected", CM, 0),
	),
)

BLACKLIST_WORKFLOW = WorkflowSpec(
	name="Blacklist Removal",
	document_type="Customer Blacklist",
	states=(
		_state("Blacklisted", style="Danger"),
		_state("Removal Requested", style="Warning", allow_edit=GM),
		_state("Removed", style="Success", allow_edit=GM),
	),
	transitions=(
		Transition("Blacklisted", "Request Removal", "Removal Requested", CM),
		Transition("Removal Requested", "Approve Removal", "Removed", GM, 0),
		Transition("Removal Requested", "Reject Removal", "Blacklisted", GM, 0),
	),
)

LEVEL = "doc.approval_level == {!r}"
DISCOUNT_WORKFLOW = WorkflowSpec(
	name="Discount Approval",
	document_type="Discount Request",
	states=(
		_state("Draft", allow_edit=AM),
		_state("Pending Approval", style="Warning", allow_edit=TL),
		_state("Approved", 1, "Success"),
		_state("Rejected", 1, "Danger"),
	),
	transitions=(
		*(Transition("Draft", "Submit for Approval", "Pending Approval", role) for role in STAFF),
		*(
			Transition("Pending Approval", action, state, role, 0, condition)
			for action, state in (("Approve", "Approved"), ("Reject", "Rejected"))
			for role, condition in (
				(TL, LEVEL.format("Team Leader")),
				(CM, "doc.approval_level in ('Team Leader', 'Customer Manager')"),
				(GM, None),
			)
		),
	),
)

# Erasure of exited customers' data (crm_assign.services.data_protection.data_retention): the department approves, never the
# requester (the daily job requests as Administrator); whoever requested may withdraw (Reject).
ERASURE_WORKFLOW = WorkflowSpec(
	name="Customer Data Erasure Approval",
	document_type="Customer Data Erasure",
	states=(
		_state("Pending Approval", style="Warning"),
		_state("Approved", 1, "Success"),
		_state("Rejected", 1, "Danger"),
	),
	transitions=(
		Transition("Pending Approval", "Approve", "Approved", CM, 0),
		Transition("Pending Approval", "Reject", "Rejected", CM),
	),
)

LIFECYCLE_WORKFLOWS = (
	ADMISSION_WORKFLOW,
	EXIT_WORKFLOW,
	BLACKLIST_WORKFLOW,
	DISCOUNT_WORKFLOW,
	ERASURE_WORKFLOW,
)
