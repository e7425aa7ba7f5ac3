"""Data completeness of every customer in one UPDATE, by the pure core's definition.

A customer's completeness is computed when it is saved (`ManagedCustomer.set_data_completeness`, through
`crm_assign.core.completeness`). `refresh_data_completeness` recomputes it for all customers at once in the
database — after the definition changes (a patch) or rows were written in bulk — with the same rule per
field as `is_filled`: text not blank, numbers and checks not zero, child tables not empty.
"""

import frappe
from frappe.model import table_fields
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Round
from pypika.functions import Trim
from pypika.terms import ExistsCriterion, Term, ValueWrapper

from crm_assign.core.completeness import CUSTOMER_PROFILE_FIELDS

CUSTOMER = "Managed Customer"
NUMERIC = {"Check", "Int", "Float", "Currency", "Percent"}


def filled(fieldname: str) -> Term:
	"""SQL condition: the customer's `fieldname` holds a value (what `is_filled` says in Python)."""
	customer = frappe.qb.DocType(CUSTOMER)
	field = frappe.get_meta(CUSTOMER).get_field(fieldname)
	if field.fieldtype in table_fields:
		child = frappe.qb.DocType(field.options)
		rows = (
			frappe.qb.from_(child)
			.select(child.name)
			.where(child.parent == customer.name)
			.where(child.parenttype == CUSTOMER)
			.where(child.parentfield == fieldname)
		)
		return ExistsCriterion(rows)
	if field.fieldtype in NUMERIC:
		return Coalesce(customer[fieldname], 0) != 0
	return Trim(Coalesce(customer[fieldname], "")) != ""


def completeness_term() -> Term:
	"""Percentage (one decimal) of the profile fields that are filled, per customer row."""
	filled_count = ValueWrapper(0)
	for fieldname in CUSTOMER_PROFILE_FIELDS:
		filled_count = filled_count + Case().when(filled(fieldname), 1).else_(0)
	return Round(100.0 * filled_count / len(CUSTOMER_PROFILE_FIELDS), 1)


def refresh_data_completeness() -> None:
	"""Store every customer's completeness (MariaDB writes only the rows whose value changes)."""
	customer = frappe.qb.DocType(CUSTOMER)
	frappe.qb.update(customer).set(customer.data_completeness, completeness_term()).run()
