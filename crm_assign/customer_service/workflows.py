"""The service desk's workflows (visits, complaints), shipped once and editable afterwards in the Workflow builder.

Every state sets the document's own ``status``; the controllers act on ``status`` only, so states can be
renamed or steps added without code.
"""

from crm_assign.core.workflow_spec import State, Transition, WorkflowSpec

CM, TL, AM, RC = "Customer Manager", "Team Leader", "Account Manager", "Receptionist"
STAFF = (AM, RC, TL, CM)


def _states(name: str, style: str, editors: tuple[str, ...], doc_status: int = 0) -> tuple[State, ...]:
	"""One row per role that may edit a document in this state (Frappe checks one role per row)."""
	return tuple(State(name, doc_status, role, style, "status", name) for role in editors)


def _transitions(state: str, action: str, next_state: str, roles: tuple[str, ...]) -> tuple[Transition, ...]:
	return tuple(Transition(state, action, next_state, role) for role in roles)


CUSTOMER_VISIT_WORKFLOW = WorkflowSpec(
	name="Customer Visit",
	document_type="Customer Visit",
	extra={"override_status": 1},  # the list shows the app's own status colours
	states=(
		*_states("Scheduled", "Primary", STAFF),
		*_states("Checked In", "Info", STAFF),
		*_states("Completed", "Success", (AM, TL, CM)),
		*_states("Cancelled", "Danger", (TL, CM)),
		*_states("No Show", "Warning", (TL, CM)),
	),
	transitions=(
		*_transitions("Scheduled", "Check In", "Checked In", STAFF),
		*_transitions("Scheduled", "Complete", "Completed", STAFF),
		*_transitions("Checked In", "Complete", "Completed", STAFF),
		*_transitions("Scheduled", "Cancel", "Cancelled", STAFF),
		*_transitions("Scheduled", "Mark No Show", "No Show", STAFF),
		*_transitions("Cancelled", "Reschedule", "Scheduled", STAFF),
		*_transitions("No Show", "Reschedule", "Scheduled", STAFF),
	),
)

COMPLAINT_EDITORS = (AM, TL, CM)

CUSTOMER_COMPLAINT_WORKFLOW = WorkflowSpec(
	name="Customer Complaint",
	document_type="Customer Complaint",
	extra={"override_status": 1},  # the list shows SLA colours (customer_complaint_list.js)
	states=(
		*_states("New", "Danger", (*COMPLAINT_EDITORS, RC)),
		*_states("Acknowledged", "Warning", COMPLAINT_EDITORS),
		*_states("In Progress", "Primary", COMPLAINT_EDITORS),
		*_states("Waiting on Customer", "Info", COMPLAINT_EDITORS),
		*_states("Resolved", "Success", COMPLAINT_EDITORS),
		*_states("Closed", "Success", (TL, CM)),
		*_states("Reopened", "Danger", COMPLAINT_EDITORS),
	),
	transitions=(
		*_transitions("New", "Acknowledge", "Acknowledged", COMPLAINT_EDITORS),
		*_transitions("Acknowledged", "Start Work", "In Progress", COMPLAINT_EDITORS),
		*_transitions("In Progress", "Wait for Customer", "Waiting on Customer", COMPLAINT_EDITORS),
		*_transitions("Waiting on Customer", "Resume", "In Progress", COMPLAINT_EDITORS),
		*_transitions("In Progress", "Resolve", "Resolved", COMPLAINT_EDITORS),
		*_transitions("Resolved", "Close", "Closed", COMPLAINT_EDITORS),
		*_transitions("Resolved", "Reopen", "Reopened", COMPLAINT_EDITORS),
		*_transitions("Closed", "Reopen", "Reopened", (TL, CM)),
		*_transitions("Reopened", "Start Work", "In Progress", COMPLAINT_EDITORS),
	),
)

SERVICE_WORKFLOWS = (CUSTOMER_VISIT_WORKFLOW, CUSTOMER_COMPLAINT_WORKFLOW)
