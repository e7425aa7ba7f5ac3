"""Who the current user is, for record-level access: their manager record, the teams they lead, their roles.

A user's *scope* on a DocType is one of two things:

- **unrestricted** — Administrator, or a user who can read the DocType through a role that is not one of the
  DocType's *scoped roles* (Account Manager, Team Leader, Receptionist…), e.g. Customer Manager, Customer
  Auditor, System Manager, or any role an admin grants read in Role Permission Manager. Such a role widens
  rows only up to the fields it grants itself: if the user reads permlevel-1 fields only through a scoped
  role (an Account Manager who is also a Receptionist), the rows stay scoped, so wide rows never come with
  another role's contact fields.
- **scoped** — the rows the user's scoped roles reach: their own Account Manager record and the customers it
  owns, the Service Teams they lead (with all sub-teams, by the nested set), and what a Receptionist may see.

When CRM Assign Settings require a confidentiality agreement, the Account Manager and Receptionist roles of
a user without a valid Confidentiality Agreement count for nothing: no customers, no contact fields.

The Account Manager DocType is named by its user, so a user's manager record is simply their user id.
Scopes are memoised per request and user in `frappe.local.cache` (cleared by `frappe.set_user`).
"""

from dataclasses import dataclass, field

import frappe
from frappe.utils import getdate

ACCOUNT_MANAGER = "Account Manager"
TEAM_LEADER = "Team Leader"
RECEPTIONIST = "Receptionist"
DEPARTMENT_ROLES = ("Customer Manager", "Customer Auditor", "System Manager")

_CACHE_KEY = "crm_assign_permission_scopes"


@dataclass
class Scope:
	user: str
	unrestricted: bool
	roles: frozenset[str] = frozenset()
	teams: tuple[str, ...] = ()
	_team_managers: tuple[str, ...] | None = field(default=None, repr=False)

	@property
	def manager(self) -> str | None:
		"""The user's own Account Manager name (== user id) when they act as an Account Manager."""
		return self.user if ACCOUNT_MANAGER in self.roles else None

	@property
	def is_receptionist(self) -> bool:
		return RECEPTIONIST in self.roles

	def team_managers(self) -> tuple[str, ...]:
		"""Account Managers of the teams this user leads (one query, memoised)."""
		if self._team_managers is None:
			self._team_managers = tuple(
				frappe.get_all(
					"Account Manager",
					filters={"service_team": ("in", self.teams)},
					pluck="name",
					order_by=None,
				)
				if self.teams
				else ()
			)
		return self._team_managers


def get_scope(doctype: str, scoped_roles: tuple[str, ...], user: str | None = None) -> Scope:
	"""The user's scope on `doctype`, whose row access is restricted for `scoped_roles` only."""
	user = user or frappe.session.user
	cache = frappe.local.cache.setdefault(_CACHE_KEY, {})
	key = (doctype, user)
	if key not in cache:
		cache[key] = _compute_scope(doctype, scoped_roles, user)
	return cache[key]


def _compute_scope(doctype: str, scoped_roles: tuple[str, ...], user: str) -> Scope:
	if user == "Administrator":
		return Scope(user, unrestricted=True)
	all_roles = set(frappe.get_roles(user))
	roles = all_roles - roles_lacking_agreement(user, all_roles)
	if is_widened_by_other_roles(doctype, scoped_roles, roles, all_roles):
		return Scope(user, unrestricted=True, roles=frozenset(roles))
	held = frozenset(roles & set(scoped_roles))
	teams = _led_teams_this_request(user) if TEAM_LEADER in held else ()
	return Scope(user, unrestricted=False, roles=held, teams=teams)


def is_widened_by_other_roles(
	doctype: str, scoped_roles: tuple[str, ...], roles: set[str], all_roles: set[str] | None = None
) -> bool:
	"""True when a non-scoped role in `roles` gives read on all rows, at every permlevel the user can read
	at all through any of `all_roles` (Frappe's field-level checks know nothing of rows or agreements).

	Reads the DocType's effective permissions (Custom DocPerm from Role Permission Manager when present).
	"""
	readable = [p for p in frappe.get_meta(doctype).permissions if p.read or p.select]
	wide_levels = {
		p.permlevel or 0
		for p in readable
		if p.role in roles and p.role not in scoped_roles and not p.if_owner
	}
	all_levels = {p.permlevel or 0 for p in readable if p.role in (all_roles or roles)}
	return 0 in wide_levels and wide_levels >= all_levels


AGREEMENT_ROLES = (ACCOUNT_MANAGER, RECEPTIONIST)


def roles_lacking_agreement(user: str, roles: set[str]) -> set[str]:
	"""Account Manager / Receptionist roles that count for nothing while the user has no valid
	Confidentiality Agreement (when CRM Assign Settings require one)."""
	held = roles & set(AGREEMENT_ROLES)
	if not held or not frappe.db.get_single_value(
		"CRM Assign Settings", "require_confidentiality_agreement", cache=True
	):
		return set()
	return set() if has_valid_agreement(user) else held


def has_valid_agreement(user: str, on=None) -> bool:
	agreement = frappe.qb.DocType("Confidentiality Agreement")
	day = getdate(on)
	return bool(
		frappe.qb.from_(agreement)
		.select(agreement.name)
		.where(agreement.user == user)
		.where(agreement.signed_on <= day)
		.where(agreement.valid_until.isnull() | (agreement.valid_until >= day))
		.limit(1)
		.run()
	)


def _led_teams_this_request(user: str) -> tuple[str, ...]:
	"""led_teams, looked up once per request however many DocTypes a query touches (a list of customers
	also confines the Account Manager link of its titles)."""
	cache = frappe.local.cache.setdefault(_CACHE_KEY, {})
	key = ("led_teams", user)
	if key not in cache:
		cache[key] = led_teams(user)
	return cache[key]


def led_teams(user: str) -> tuple[str, ...]:
	"""Service Teams the user leads, with every sub-team (nested set lft/rgt), in one query."""
	team = frappe.qb.DocType("Service Team")
	led = frappe.qb.DocType("Service Team").as_("led")
	return tuple(
		frappe.qb.from_(team)
		.join(led)
		.on((team.lft >= led.lft) & (team.rgt <= led.rgt))
		.where(led.team_leader == user)
		.select(team.name)
		.distinct()
		.run(pluck=True)
	)


def clear_scope_cache() -> None:
	frappe.local.cache.pop(_CACHE_KEY, None)
