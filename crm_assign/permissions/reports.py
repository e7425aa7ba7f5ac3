"""Row rules for Script Reports: the list views' conditions, as `frappe.qb` criteria.

A report query selects from the DocTypes' own tables (`frappe.qb.DocType(...)`, not aliased) and adds
`row_condition(doctype)` for every guarded DocType it reads, so an Account Manager's report counts only
their rows, a Team Leader's their teams' rows and the department's everything — exactly what the list
view of each DocType would show them (`rules.condition_for`). Aggregates per manager are restricted to the
managers the user may see (`visible_managers`).
"""

import frappe
from pypika.terms import Criterion

from crm_assign.permissions.rules import condition_for, is_guarded, scope_for


class RawCondition(Criterion):
	"""A ready SQL condition (values already escaped by `rules`) usable in `query.where(...)`."""

	def __init__(self, sql: str):
		super().__init__()
		self.sql = sql

	def get_sql(self, **kwargs) -> str:
		return f"({self.sql})"


def row_condition(doctype: str, user: str | None = None) -> Criterion | None:
	"""The user's rows of `doctype` as a criterion on its unaliased table; None when they see every row."""
	user = user or frappe.session.user
	if user == "Administrator" or not is_guarded(doctype):
		return None
	sql = condition_for(doctype, user)
	return RawCondition(sql) if sql else None


def restrict(query, doctype: str, user: str | None = None):
	"""`query` limited to the user's rows of `doctype` (a no-op for unrestricted users)."""
	condition = row_condition(doctype, user)
	return query.where(condition) if condition is not None else query


def visible_managers(user: str | None = None) -> list[str] | None:
	"""Account Managers whose figures the user may see (own record, led teams' managers); None = all."""
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	scope = scope_for("Account Manager", user)
	if scope.unrestricted:
		return None
	managers = [scope.manager] if scope.manager else []
	managers += [m for m in scope.team_managers() if m not in managers]
	return managers
