"""A Workflow as plain data: the states and transitions the app ships for a DocType.

The modules describe their approval flows with these (allocation_workflow.py, workflows.py);
`crm_assign.setup.workflows.ensure_workflow` turns one into Frappe's Workflow on install and migrate.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class State:
	state: str
	doc_status: int = 0
	allow_edit: str = "System Manager"
	style: str = ""
	update_field: str | None = None
	update_value: str | None = None


@dataclass(frozen=True)
class Transition:
	state: str
	action: str
	next_state: str
	allowed: str
	allow_self_approval: int = 1
	condition: str | None = None


@dataclass(frozen=True)
class WorkflowSpec:
	name: str
	document_type: str
	states: tuple[State, ...]
	transitions: tuple[Transition, ...]
	workflow_state_field: str = "workflow_state"
	send_email_alert: int = 0
	extra: dict = field(default_factory=dict)
