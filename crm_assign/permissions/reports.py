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


def report_managers(filters, active_only: bool = False) -> dict:
	"""The Account Managers a per-manager report lists: those the user may see, narrowed by the report's
	`service_team` and `account_manager` filters (and to active ones); name → (name, full_name, service_team)."""
	manager = frappe.qb.DocType("Account Manager")
	query = frappe.qb.from_(manager).select(manager.name, manager.full_name, manager.service_team)
	query = restrict(query, "Account Manager")
	if active_only:
		query = query.where(manager.status != "Inactive")
	if filters.service_team:
		query = query.where(manager.service_team == filters.service_team)
	if filters.account_manager:
		query = query.where(manager.name == filters.account_manager)
	return {row.name: row for row in query.run(as_dict=True)}
