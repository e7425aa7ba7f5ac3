# Rule tests for .semgrep/crm_assign.yml (semgrep --test .semgrep/). Not imported by the app.
import frappe


# ruleid: crm-whitelisted-method-without-permission-check
@frappe.whitelist()
def unchecked(name: str):
	return frappe.get_doc("Managed Customer", name).as_dict()


# ok: crm-whitelisted-method-without-permission-check
@frappe.whitelist()
def checked(name: str):
	frappe.has_permission("Managed Customer", "read", name, throw=True)
	return frappe.get_doc("Managed Customer", name).as_dict()


# ok: crm-whitelisted-method-without-permission-check
@frappe.whitelist()
def listed(status: str):
	return frappe.get_list("Managed Customer", filters={"status": status})


@frappe.whitelist()
def counts(team: str):
	frappe.only_for(["Customer Manager"])
	# ruleid: crm-confidential-read-without-permissions
	return frappe.db.count("Managed Customer", {"service_team": team})


# ruleid: crm-whitelisted-method-without-permission-check
@frappe.whitelist()
def bypass(name: str):
	# ruleid: crm-ignore-permissions-in-whitelisted-method
	frappe.get_doc("Customer Visit", name).save(ignore_permissions=True)


@frappe.whitelist()
def guarded(name: str):
	doc = frappe.get_doc("Customer Visit", name)
	doc.check_permission("write")
	# ok: crm-ignore-permissions-in-whitelisted-method
	doc.save(ignore_permissions=True)
