"""Factories for the Customer Lifecycle tests: transactions, credits and workflow steps as a given user."""

import frappe
from frappe.model.workflow import apply_workflow


def make_transaction(customer: str, amount: float, day: str, submit: bool = True, **values):
	doc = frappe.get_doc(
		{
			"doctype": "Customer Transaction",
			"customer": customer,
			"amount": amount,
			"transaction_date": day,
			**values,
		}
	).insert()
	if submit:
		doc.submit()
	return doc


def make_return(sale, amount: float, day: str, submit: bool = True):
	return make_transaction(
		sale.customer, amount, day, submit, transaction_type="Return", return_against=sale.name
	)


def act_as(user: str, doc, action: str):
	"""Apply a workflow action as `user` (through Frappe's own apply_workflow) and return the fresh doc."""
	frappe.set_user(user)
	try:
		apply_workflow(doc.as_json(), action)
	finally:
		frappe.set_user("Administrator")
	return frappe.get_doc(doc.doctype, doc.name)


def actions_for(user: str, doc) -> list[str]:
	from frappe.model.workflow import get_transitions

	frappe.set_user(user)
	try:
		return sorted({t.action for t in get_transitions(frappe.get_doc(doc.doctype, doc.name))})
	finally:
		frappe.set_user("Administrator")


def set_lifecycle_settings(**values) -> None:
	settings = frappe.get_single("Customer Lifecycle Settings")
	settings.update(values)
	settings.save()
	frappe.clear_document_cache("Customer Lifecycle Settings", "Customer Lifecycle Settings")
