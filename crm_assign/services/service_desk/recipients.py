"""Who is told when the service desk escalates or reminds: a manager's team leader, the Customer Managers."""

import frappe
from frappe.utils.user import get_users_with_role


def team_leaders(managers: set[str]) -> dict[str, str]:
	"""Account Manager -> their team's leader (user), one query."""
	if not managers:
		return {}
	manager, team = frappe.qb.DocType("Account Manager"), frappe.qb.DocType("Service Team")
	return dict(
		frappe.qb.from_(manager)
		.join(team)
		.on(team.name == manager.service_team)
		.select(manager.name, team.team_leader)
		.where(manager.name.isin(list(managers)))
		.where(team.team_leader.isnotnull())
		.run()
	)


def customer_manager_users() -> list[str]:
	return sorted(get_users_with_role("Customer Manager"))
