# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet


class ServiceTeam(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		department_type: DF.Literal[
			"", "Channel Sales", "Expansion Sales", "E-commerce", "Terminal", "Key Accounts", "Service"
		]
		description: DF.SmallText | None
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_service_team: DF.Link | None
		rgt: DF.Int
		team_leader: DF.Link | None
		team_name: DF.Data
	# end: auto-generated types
	nsm_parent_field = "parent_service_team"

	def validate(self):
		self.validate_not_own_parent()
		self.validate_team_leader_is_enabled()

	def on_update(self):
		super().on_update()
		self.give_leader_the_team_leader_role()

	def validate_not_own_parent(self):
		if self.parent_service_team and self.parent_service_team == self.name:
			frappe.throw(_("A Service Team cannot be its own parent."))

	def validate_team_leader_is_enabled(self):
		if self.team_leader and not frappe.db.get_value("User", self.team_leader, "enabled"):
			frappe.throw(_("Team leader {0} is a disabled user.").format(frappe.bold(self.team_leader)))

	def give_leader_the_team_leader_role(self):
		if self.team_leader and "Team Leader" not in frappe.get_roles(self.team_leader):
			user = frappe.get_doc("User", self.team_leader)
			user.flags.ignore_permissions = True
			user.add_roles("Team Leader")
