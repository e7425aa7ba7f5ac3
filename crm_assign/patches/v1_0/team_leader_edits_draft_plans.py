"""Team Leaders draft Allocation Plans for their team, but the shipped workflow let only the Customer
Manager edit a plan in Draft or Rejected, so Desk showed a team leader's own draft read-only. Add the Team
Leader's edit rows to those states of the shipped workflow when the site still has them; a site that has
removed the states, or already lets Team Leaders edit them, is left as it is."""

import frappe

from crm_assign.customer_assignment.allocation_workflow import ALLOCATION_PLAN_WORKFLOW, TL


def execute():
	spec = ALLOCATION_PLAN_WORKFLOW
	if not frappe.db.exists("Workflow", spec.name):
		return
	workflow = frappe.get_doc("Workflow", spec.name)
	present = {(row.state, row.allow_edit) for row in workflow.states}
	site_states = {row.state for row in workflow.states}
	missing = [
		s
		for s in spec.states
		if s.allow_edit == TL and s.state in site_states and (s.state, TL) not in present
	]
	for state in missing:
		workflow.append(
			"states",
			{
				"state": state.state,
				"doc_status": str(state.doc_status),
				"allow_edit": TL,
				"update_field": state.update_field,
				"update_value": state.update_value,
			},
		)
	if missing:
		workflow.save(ignore_permissions=True)
