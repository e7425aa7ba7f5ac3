"""Which rows each scoped user may see, declared once per DocType and evaluated two ways.

Every rule is a list of clauses; a row is visible when any clause that applies to the user's scope matches.
Each clause renders itself as SQL (for `permission_query_conditions`, values escaped with
`frappe.db.escape`) and tests a single row in Python (for the `has_permission` hook), so list views and
forms can never disagree.

Related records are visible to the manager recorded on the row (host, credited manager, customer's
manager when the row was made) *and* to whoever owns the customer now, with their team leaders.
"""

from dataclasses import dataclass

import frappe
from frappe.utils.caching import site_cache

from crm_assign.permissions.scope import ACCOUNT_MANAGER, RECEPTIONIST, TEAM_LEADER, Scope, get_scope

CUSTOMER = "Managed Customer"


def _esc(value: str) -> str:
	return frappe.db.escape(value, percent=False)


def _in_list(values) -> str:
	return ", ".join(_esc(v) for v in values)


def _column(table: str, fieldname: str) -> str:
	return f"`tab{table}`.`{fieldname}`"


@dataclass(frozen=True)
class Clause:
	"""A condition on one column of the row."""

	fieldname: str

	@property
	def fields(self) -> tuple[str, ...]:
		return (self.fieldname,)

	def sql(self, doctype: str, scope: Scope) -> str | None:
		raise NotImplementedError

	def matches(self, row, scope: Scope) -> bool:
		raise NotImplementedError


@dataclass(frozen=True)
class ManagerColumn(Clause):
	"""The row's Account Manager link is the user themself or, unless `teams` is off, a manager of a team
	the user leads (listed inline: an indexed IN, no subquery)."""

	teams: bool = True

	def sql(self, doctype, scope):
		column = _column(doctype, self.fieldname)
		managers = [scope.manager] if scope.manager else []
		if self.teams and scope.teams:
			managers += [m for m in scope.team_managers() if m != scope.manager]
		if not managers:
			return None
		if len(managers) == 1:
			return f"{column} = {_esc(managers[0])}"
		return f"{column} in ({_in_list(managers)})"

	def matches(self, row, scope):
		value = row.get(self.fieldname)
		if not value:
			return False
		return value == scope.manager or (self.teams and bool(scope.teams) and value in scope.team_managers())


@dataclass(frozen=True)
class TeamColumn(Clause):
	"""The row's Service Team is one the user leads (or below it)."""

	def sql(self, doctype, scope):
		if not scope.teams:
			return None
		return f"{_column(doctype, self.fieldname)} in ({_in_list(scope.teams)})"

	def matches(self, row, scope):
		return bool(row.get(self.fieldname)) and row.get(self.fieldname) in scope.teams


@dataclass(frozen=True)
class RoleEquals(Clause):
	"""The column equals `expected(scope)`, for holders of `role` only."""

	role: str

	def expected(self, scope: Scope) -> str:
		raise NotImplementedError

	def sql(self, doctype, scope):
		if self.role not in scope.roles:
			return None
		return f"{_column(doctype, self.fieldname)} = {_esc(self.expected(scope))}"

	def matches(self, row, scope):
		return self.role in scope.roles and row.get(self.fieldname) == self.expected(scope)


@dataclass(frozen=True)
class UserColumn(RoleEquals):
	"""A User link on the row (owner, receptionist, responsible person) is the user."""

	def expected(self, scope):
		return scope.user


@dataclass(frozen=True)
class ValueIs(RoleEquals):
	"""A column has a fixed value (e.g. reception appointments)."""

	value: str = ""

	def expected(self, scope):
		return self.value


@dataclass(frozen=True)
class CustomerColumn(Clause):
	"""The row's customer is one the user may see as owner or team leader (the customer's current owner)."""

	def sql(self, doctype, scope):
		inner = rows_sql(CUSTOMER, scope)
		if not inner:
			return None
		return f"{_column(doctype, self.fieldname)} in (select `name` from `tab{CUSTOMER}` where {inner})"

	def matches(self, row, scope):
		value = row.get(self.fieldname)
		if not value:
			return False
		customer_rule = RULES[CUSTOMER]
		customer = frappe.db.get_value(CUSTOMER, value, ["name", *customer_rule.fields()], as_dict=True)
		return bool(customer) and customer_rule.matches(customer, scope)


@dataclass(frozen=True)
class Rule:
	scoped_roles: tuple[str, ...]
	clauses: tuple[Clause, ...]

	def fields(self) -> list[str]:
		return sorted({f for clause in self.clauses for f in clause.fields})

	def matches(self, row, scope: Scope) -> bool:
		return any(clause.matches(row, scope) for clause in self.clauses)


SCOPED = (ACCOUNT_MANAGER, TEAM_LEADER)
SCOPED_WITH_RECEPTION = (ACCOUNT_MANAGER, TEAM_LEADER, RECEPTIONIST)

RULES: dict[str, Rule] = {
	CUSTOMER: Rule(SCOPED, (ManagerColumn("account_manager", teams=False), TeamColumn("service_team"))),
	"Account Manager": Rule(SCOPED, (ManagerColumn("name", teams=False), TeamColumn("service_team"))),
	"Customer Visit": Rule(
		SCOPED_WITH_RECEPTION,
		(
			CustomerColumn("customer"),
			ManagerColumn("account_manager"),
			UserColumn("owner", RECEPTIONIST),
			UserColumn("receptionist", RECEPTIONIST),
			ValueIs("visit_type", RECEPTIONIST, value="Appointment/Reception"),
		),
	),
	"Customer Complaint": Rule(
		SCOPED_WITH_RECEPTION,
		(
			CustomerColumn("customer"),
			ManagerColumn("account_manager"),
			UserColumn("responsible_person", ACCOUNT_MANAGER),
			UserColumn("responsible_person", TEAM_LEADER),
			UserColumn("owner", RECEPTIONIST),
		),
	),
	"Customer Transaction": Rule(SCOPED, (CustomerColumn("customer"), ManagerColumn("account_manager"))),
	"Admission Application": Rule(SCOPED, (CustomerColumn("customer"), ManagerColumn("account_manager"))),
	"Ownership Log": Rule(
		SCOPED, (CustomerColumn("customer"), ManagerColumn("from_manager"), ManagerColumn("to_manager"))
	),
	"Development Quota": Rule(SCOPED, (ManagerColumn("account_manager"),)),
	"Allocation Plan": Rule(
		(TEAM_LEADER,), (UserColumn("owner", TEAM_LEADER), TeamColumn("scope_service_team"))
	),
	"Satisfaction Survey": Rule(SCOPED, (CustomerColumn("customer"),)),
	# Customer Lifecycle (issue 6)
	"Customer Blacklist": Rule(SCOPED, (CustomerColumn("customer"),)),
	"Customer Exit Request": Rule(SCOPED, (CustomerColumn("customer"), ManagerColumn("account_manager"))),
	"Discount Request": Rule(SCOPED, (CustomerColumn("customer"), ManagerColumn("account_manager"))),
	"Grade Review": Rule(SCOPED, (CustomerColumn("customer"), ManagerColumn("account_manager"))),
	"Lifecycle Log": Rule(SCOPED, (CustomerColumn("customer"),)),
	"New Customer Credit": Rule(SCOPED, (CustomerColumn("customer"), ManagerColumn("account_manager"))),
	"Development Incentive": Rule(SCOPED, (ManagerColumn("account_manager"),)),
	# Reports (issue 7)
	"Sales Target": Rule(SCOPED, (ManagerColumn("account_manager"),)),
	"Grade Review Round": Rule((TEAM_LEADER,), (TeamColumn("service_team"),)),
	# Data retention (issue 4): the department's own; a scoped role given Read in Desk would see no rows
	"Customer Data Erasure": Rule(SCOPED, ()),
}


@site_cache(ttl=300)
def _registry() -> tuple[tuple[str, ...], dict[str, str]]:
	"""(rule DocTypes installed on this site, child table -> parent), memoised per process (cleared by
	frappe.clear_cache, e.g. on migrate, and every 5 minutes). Child tables are found from the parents'
	Table fields, so a new child table is guarded as soon as it exists."""
	installed = set(frappe.get_all("DocType", filters={"name": ("in", list(RULES))}, pluck="name"))
	parents = tuple(d for d in RULES if d in installed)
	children = {}
	for parent in parents:
		for df in frappe.get_meta(parent).get_table_fields():
			children.setdefault(df.options, parent)
	return parents, children


def guarded_parents() -> tuple[str, ...]:
	return _registry()[0]


def customer_link_fields() -> dict[str, str]:
	"""Installed guarded DocTypes whose rows belong to a customer, with their customer Link field."""
	return {
		doctype: clause.fieldname
		for doctype in guarded_parents()
		for clause in RULES[doctype].clauses
		if isinstance(clause, CustomerColumn)
	}


def guarded_children() -> tuple[str, ...]:
	return tuple(_registry()[1])


def parent_of(doctype: str) -> str | None:
	return _registry()[1].get(doctype)


def is_guarded(doctype: str) -> bool:
	return doctype in guarded_parents() or parent_of(doctype) is not None


def scope_for(doctype: str, user: str | None = None) -> Scope:
	doctype = parent_of(doctype) or doctype
	return get_scope(doctype, RULES[doctype].scoped_roles, user)


def rows_sql(doctype: str, scope: Scope) -> str | None:
	"""OR of the clauses that apply to this scope, or None when none does (no row visible)."""
	parts = [sql for clause in RULES[doctype].clauses if (sql := clause.sql(doctype, scope))]
	return "(" + " or ".join(f"({p})" for p in parts) + ")" if parts else None


def condition_for(doctype: str, user: str | None = None) -> str:
	"""SQL condition limiting `doctype` to the user's rows; "" when unrestricted."""
	parent = parent_of(doctype)
	scope = scope_for(doctype, user)
	if scope.unrestricted:
		return ""
	if parent:
		inner = rows_sql(parent, scope)
		if not inner:
			return "1=0"
		return (
			f"(`tab{doctype}`.`parenttype` = {_esc(parent)}"
			f" and `tab{doctype}`.`parent` in (select `name` from `tab{parent}` where {inner}))"
		)
	return rows_sql(doctype, scope) or "1=0"


def can_access(doc, ptype: str = "read", user: str | None = None) -> bool:
	"""Row-level decision for one document: its values, and for a stored document also the stored values
	(a client can send a document whose values differ from the database, e.g. to `run_doc_method`)."""
	doctype = doc.doctype
	if parent_of(doctype):
		return True  # Frappe checks child rows through their parent document
	scope = scope_for(doctype, user)
	if scope.unrestricted:
		return True
	rule = RULES[doctype]
	is_new = getattr(doc, "is_new", None)
	new = is_new() if callable(is_new) else bool(doc.get("__islocal"))
	if new and ptype == "create" and not any(doc.get(f) for f in rule.fields() if f != "owner"):
		return True  # a new record that nobody owns yet (e.g. a prospect an Account Manager registers)
	if not rule.matches(doc, scope):
		return False
	if not new and doc.get("name"):
		stored = frappe.db.get_value(doctype, doc.name, ["name", *rule.fields()], as_dict=True)
		if stored and not rule.matches(stored, scope):
			return False
	return True
