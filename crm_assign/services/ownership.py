"""The one way a customer's owner changes: update the customer, write one Ownership Log row, refresh loads.

Plans, auto-assign, leave delegation and hand edits in the form all come through here, so every change
of ownership is logged exactly once and managers' load counters stay true.
"""

import frappe
from frappe.query_builder.functions import Count
from frappe.utils import now_datetime, nowdate

CHANGE_TYPES = ("Plan", "Auto", "Manual", "Delegation", "Hand-back")


def log_ownership_change(
	customer: str,
	from_manager: str | None,
	to_manager: str | None,
	change_type: str,
	reason: str | None = None,
	allocation_plan: str | None = None,
) -> None:
	"""Append one Ownership Log row. Only code writes the log; users can only read it."""
	if from_manager == to_manager:
		return
	log = frappe.get_doc(
		{
			"doctype": "Ownership Log",
			"customer": customer,
			"from_manager": from_manager,
			"to_manager": to_manager,
			"change_type": change_type,
			"allocation_plan": allocation_plan,
			"changed_by": frappe.session.user,
			"changed_at": now_datetime(),
			"reason": reason,
		}
	)
	log.flags.ignore_permissions = True
	log.insert()


def record_hand_edit(customer_doc) -> None:
	"""Called by Managed Customer when its owner was changed in the form or through the API."""
	previous = customer_doc.get_doc_before_save()
	from_manager = previous.account_manager if previous else None
	if from_manager == customer_doc.account_manager:
		return
	frappe.db.set_value(
		"Managed Customer", customer_doc.name, "assigned_on", nowdate(), update_modified=False
	)
	log_ownership_change(
		customer_doc.name,
		from_manager,
		customer_doc.account_manager,
		customer_doc.flags.ownership_change_type or "Manual",
		reason=customer_doc.flags.ownership_change_reason,
	)
	refresh_manager_loads([m for m in (from_manager, customer_doc.account_manager) if m])


def refresh_manager_loads(managers: list[str]) -> None:
	"""Recount owned active customers for these managers in one grouped query and store the counters."""
	if not managers:
		return
	customer = frappe.qb.DocType("Managed Customer")
	counts = dict(
		frappe.qb.from_(customer)
		.select(customer.account_manager, Count("*"))
		.where(customer.account_manager.isin(managers))
		.where(customer.status.isin(["Active", "Dormant"]))
		.groupby(customer.account_manager)
		.run()
	)
	capacities = dict(
		frappe.get_all(
			"Account Manager", filters={"name": ("in", managers)}, fields=["name", "capacity"], as_list=True
		)
	)
	for manager in managers:
		load = counts.get(manager, 0)
		capacity = capacities.get(manager) or 0
		utilisation = round(100.0 * load / capacity, 1) if capacity else 0
		frappe.db.set_value(
			"Account Manager",
			manager,
			{"current_load": load, "utilisation": utilisation},
			update_modified=False,
		)
