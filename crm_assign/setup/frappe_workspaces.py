"""Frappe's own workspaces (Users, Build, Website, Tools, Integrations) are for administrators: the setup gives
each of them roles when it has none, so staff (Account Managers, Team Leaders, Receptionists…) find only the
workspaces they work in. Admins adjust it in Desk (Workspace → Roles); add the role *All* to show one to
everybody — a workspace that has roles is never changed again."""

import frappe

ADMIN_WORKSPACES = {
	"Users": ("System Manager",),
	"Build": ("System Manager",),
	"Integrations": ("System Manager",),
	"Tools": ("System Manager",),
	"Website": ("System Manager", "Website Manager"),
}


def restrict_frappe_workspaces() -> list[str]:
	"""Give Frappe's administration workspaces their roles where they have none; returns those changed."""
	changed = []
	for name, roles in ADMIN_WORKSPACES.items():
		if not frappe.db.exists("Workspace", name) or frappe.db.exists(
			"Has Role", {"parenttype": "Workspace", "parent": name}
		):
			continue
		for idx, role in enumerate(roles, start=1):
			if frappe.db.exists("Role", role):
				frappe.get_doc(
					{
						"doctype": "Has Role",
						"parenttype": "Workspace",
						"parentfield": "roles",
						"parent": name,
						"role": role,
						"idx": idx,
					}
				).db_insert()
		changed.append(name)
	if changed:
		frappe.clear_cache()
	return changed
