"""Create shipped Workflows idempotently, so business users can then change them in the Workflow builder.

A workflow that already exists is left as it is: the site's edits (renamed states, an extra approval step)
win over what the app ships. Controllers key their behaviour on their own fields (status, approved_by,
docstatus), never on state labels, so such edits need no code.
"""

import frappe

from crm_assign.core.workflow_spec import State, WorkflowSpec


def ensure_workflow(spec: WorkflowSpec) -> None:
	for state in spec.states:
		_ensure_state(state)
	for transition in spec.transitions:
		_ensure_action(transition.action)
	if frappe.db.exists("Workflow", spec.name):
		return
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": spec.name,
			"document_type": spec.document_type,
			"workflow_state_field": spec.workflow_state_field,
			"is_active": 1,
			"send_email_alert": spec.send_email_alert,
			"states": [
				{
					"state": s.state,
					"doc_status": str(s.doc_status),
					"allow_edit": s.allow_edit,
					"update_field": s.update_field,
					"update_value": s.update_value,
				}
				for s in spec.states
			],
			"transitions": [
				{
					"state": t.state,
					"action": t.action,
					"next_state": t.next_state,
					"allowed": t.allowed,
					"allow_self_approval": t.allow_self_approval,
					"condition": t.condition,
				}
				for t in spec.transitions
			],
			**spec.extra,
		}
	).insert(ignore_permissions=True)


def _ensure_state(state: State) -> None:
	if not frappe.db.exists("Workflow State", state.state):
		frappe.get_doc(
			{"doctype": "Workflow State", "workflow_state_name": state.state, "style": state.style}
		).insert(ignore_permissions=True)


def _ensure_action(action: str) -> None:
	if not frappe.db.exists("Workflow Action Master", action):
		frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
			ignore_permissions=True
		)
