"""A small world for the report tests: two teams, three account managers, a leader and a department user.

`report_world()` is idempotent (factories reuse existing rows); each test adds the records it counts.
"""

import frappe

from crm_assign.tests.utils import make_manager, make_region, make_skill, make_team, make_user

TEAM, OTHER_TEAM = "报表一组", "报表二组"


def report_world() -> frappe._dict:
	frappe.db.set_single_value("CRM Assign Settings", {"auto_assign_on_insert": 0})
	frappe.clear_document_cache("CRM Assign Settings", "CRM Assign Settings")
	make_region("报表国", region_type="Country", is_group=1)
	make_region("报表省", parent="报表国", region_type="Province", is_group=1)
	make_region("报表甲市", parent="报表省")
	make_region("报表乙市", parent="报表省")
	make_skill("报表技能一")
	make_skill("报表技能二")
	leader = make_user("report-leader", ("Team Leader",))
	other_leader = make_user("report-leader-2", ("Team Leader",))
	make_team(TEAM, leader=leader)
	make_team(OTHER_TEAM, leader=other_leader)
	a = make_manager(
		"report-am-a",
		service_team=TEAM,
		level="Senior",
		capacity=4,
		skills=[{"skill": "报表技能一", "proficiency": 4}],
		regions=[{"service_region": "报表省"}],
	).name
	b = make_manager(
		"report-am-b", service_team=TEAM, capacity=2, regions=[{"service_region": "报表乙市"}]
	).name
	c = make_manager("report-am-c", service_team=OTHER_TEAM, capacity=5).name
	for user in (a, b, c):
		frappe.get_doc("User", user).add_roles("Account Manager")
	department = make_user("report-department", ("Customer Manager",))
	return frappe._dict(
		a=a, b=b, c=c, leader=leader, other_leader=other_leader, department=department, team=TEAM
	)


def as_user(user: str, function, *args, **kwargs):
	"""Run `function` as `user` (then back to Administrator)."""
	frappe.set_user(user)
	try:
		return function(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def insert_row(doctype: str, **values) -> str:
	"""Write a record exactly as given (no controller, no workflow): the report tests decide every figure."""
	doc = frappe.new_doc(doctype)
	doc.update(values)
	doc.set_new_name()
	doc.db_insert()
	for child in doc.get_all_children():
		child.db_insert()
	return doc.name


def assert_rows_per_role(case, run, expected: dict, key: str = "account_manager", **filters) -> None:
	"""Each user's report rows are exactly those of the managers in `expected[user]` (a set of names).

	`run(user, **filters)` runs the report as the user and returns what `execute` returns."""
	for user, managers in expected.items():
		_columns, data, *_ = run(user, **filters)
		case.assertEqual({row[key] for row in data}, set(managers), user)
