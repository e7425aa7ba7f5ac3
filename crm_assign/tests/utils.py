"""Factories for the Frappe suite: real documents, created through the same paths users take."""

import frappe

TEST_DOMAIN = "test.crm-assign.example"


def make_user(local_part: str, roles: tuple[str, ...] = (), language: str | None = None) -> str:
	email = f"{local_part}@{TEST_DOMAIN}"
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": local_part,
				"send_welcome_email": 0,
				"language": language,
			}
		)
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	if roles:
		user.add_roles(*roles)
	return email


def ensure(doctype: str, name: str, **values) -> str:
	"""The record `name` of `doctype`, inserted with `values` unless the site has it already."""
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)
	return name


def make_region(name: str, parent: str | None = None, region_type: str = "City", is_group: int = 0) -> str:
	return ensure(
		"Service Region",
		name,
		region_name=name,
		region_type=region_type,
		parent_service_region=parent,
		is_group=is_group,
	)


def make_skill(name: str) -> str:
	return ensure("Skill", name, skill_name=name)


def make_team(name: str, leader: str | None = None, parent: str | None = None, is_group: int = 0) -> str:
	return ensure(
		"Service Team",
		name,
		team_name=name,
		team_leader=leader,
		parent_service_team=parent,
		is_group=is_group,
	)


def make_manager(local_part: str, **values) -> "frappe.model.document.Document":
	user = make_user(local_part)
	if frappe.db.exists("Account Manager", user):
		return frappe.get_doc("Account Manager", user)
	doc = frappe.get_doc({"doctype": "Account Manager", "user": user, "capacity": 10, **values})
	doc.insert(ignore_permissions=True)
	return doc


def make_customer(customer_name: str, **values) -> "frappe.model.document.Document":
	doc = frappe.get_doc({"doctype": "Managed Customer", "customer_name": customer_name, **values})
	doc.insert(ignore_permissions=True)
	return doc


def make_service_calendar(
	name: str,
	holidays: tuple[str, ...] = (),
	makeups: tuple[str, ...] = (),
	time_zone: str | None = None,
	hours: tuple[tuple[str, str], ...] = (("09:00:00", "12:00:00"), ("13:30:00", "18:00:00")),
) -> str:
	"""A Monday-Friday Service Calendar (site time zone unless given) with these holidays and make-up days."""
	if frappe.db.exists("Service Calendar", name):
		frappe.delete_doc("Service Calendar", name, force=True)
	frappe.get_doc(
		{
			"doctype": "Service Calendar",
			"calendar_name": name,
			"time_zone": time_zone,
			"working_hours": [{"from_time": start, "to_time": end} for start, end in hours],
			"special_days": [{"calendar_date": d, "day_type": "Holiday"} for d in holidays]
			+ [{"calendar_date": d, "day_type": "Make-up Working Day"} for d in makeups],
		}
	).insert(ignore_permissions=True)
	return name


def log_rows(doctype: str, filters: dict, fields: list[str]) -> list[tuple]:
	"""The `fields` of the rows of `doctype` matching `filters`, as tuples in the order they were written: what
	a test of a log (Ownership, Lifecycle, Grade Review, credits) compares."""
	return [
		tuple(row)
		for row in frappe.get_all(
			doctype, filters=filters, fields=fields, order_by="creation asc, name asc", as_list=True
		)
	]
