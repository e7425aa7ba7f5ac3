"""The Allocation Plan approval workflow shipped with the app (editable afterwards in the Workflow builder).

States set the plan's own `status` field; the controller acts on `status` and `docstatus` only, so states
can be renamed or steps added without code. A plan that moves more customers than the threshold, or a
grade A customer, needs an Allocation Approver and then the Customer Manager.
"""

from crm_assign.core.workflow_spec import State, Transition, WorkflowSpec

CM, AA, TL = "Customer Manager", "Allocation Approver", "Team Leader"
BIG = "doc.needs_department_approval"

ALLOCATION_PLAN_WORKFLOW = WorkflowSpec(
	name="Allocation Plan Approval",
	document_type="Allocation Plan",
	# Frappe's workflow e-mails attach a PDF (wkhtmltopdf); approvers are told by the plan itself instead
	send_email_alert=0,
	states=(
		State("Draft", 0, CM, "", "status", "Draft"),
		# a team leader drafts and revises plans for the team (the engine's proposal is saved on the draft)
		State("Draft", 0, TL, "", "status", "Draft"),
		State("Pending Approval", 0, AA, "Warning", "status", "Pending Approval"),
		State("Pending Department Approval", 0, CM, "Warning", "status", "Pending Department Approval"),
		State("Rejected", 0, CM, "Danger", "status", "Rejected"),
		State("Rejected", 0, TL, "Danger", "status", "Rejected"),
		State("Approved", 1, AA, "Primary"),
		State("Applied", 1, CM, "Success", "status", "Queued"),
		State("Cancelled", 2, CM, "Danger"),
	),
	transitions=(
		Transition("Draft", "Submit for Approval", "Pending Approval", CM),
		Transition("Draft", "Submit for Approval", "Pending Approval", TL),
		Transition("Pending Approval", "Approve", "Approved", AA, 0, f"not {BIG}"),
		Transition("Pending Approval", "Approve", "Pending Department Approval", AA, 0, BIG),
		Transition("Pending Department Approval", "Approve", "Approved", CM, 0),
		Transition("Pending Approval", "Reject", "Rejected", AA),
		Transition("Pending Department Approval", "Reject", "Rejected", CM),
		Transition("Rejected", "Revise", "Draft", CM),
		Transition("Rejected", "Revise", "Draft", TL),
		Transition("Approved", "Apply", "Applied", CM),
		Transition("Approved", "Apply", "Applied", AA),
		Transition("Approved", "Cancel", "Cancelled", CM),
	),
)
