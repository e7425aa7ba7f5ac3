"""Record-level access at scale: list view and count of Managed Customer for an Account Manager, a Team Leader
and a Customer Auditor against Administrator (no permission conditions at all).

Run from the bench's sites folder on a site loaded with demo data
(`bench --site SITE crm-assign-demo --customers 100000 --managers 1000 --visits 0 --transactions 0 --complaints 0`):

    ../env/bin/python ../apps/crm_assign/benchmarks/permission_benchmark.py --site SITE

Each call runs the same server code as the Desk list view (`frappe.desk.reportview.get` with the list view's
fields — the manager's name as the link's title included — sort and page length 20, and
`frappe.desk.reportview.get_count`), the users taking turns call by call; every call starts from a fresh
request cache, so scope look-ups (own manager record, led teams) are paid every time as in a request.
Goal (issue 4): an Account Manager's list and count < 50 ms each and <= 1.5x Administrator's. Prints figures;
asserts nothing; changes nothing.
"""

import argparse
import statistics
import time

import frappe

MC = "Managed Customer"
LIST_FIELDS = [
	f"`tab{MC}`.`name`",
	f"`tab{MC}`.`owner`",
	f"`tab{MC}`.`modified`",
	f"`tab{MC}`.`customer_name`",
	f"`tab{MC}`.`grade`",
	f"`tab{MC}`.`lifecycle_stage`",
	f"`tab{MC}`.`status`",
	f"`tab{MC}`.`account_manager`",
	f"`tab{MC}`.`_assign`",
	f"`tab{MC}`.`_comments`",
	f"`tab{MC}`.`_liked_by`",
	# the title Desk shows for the link (issue 11): joined to the user's rows of Account Manager
	"account_manager.full_name as account_manager_full_name",
]


def request(user: str, method, **form) -> float:
	"""Run one whitelisted list-view call as `user` with fresh per-request caches; milliseconds."""
	frappe.set_user(user)
	frappe.local.form_dict = frappe._dict(form)
	started = time.perf_counter()
	method()
	return (time.perf_counter() - started) * 1000


def measure(cases: list[tuple[str, str]], runs: int, filters: list) -> list[dict]:
	"""Median list and count time of each (user, label), the users' calls interleaved run by run so that
	a drift of the machine (another process, MariaDB's flushing) weighs on every user alike."""
	from frappe.desk.reportview import get, get_count

	list_args = {
		"doctype": MC,
		"fields": frappe.as_json(LIST_FIELDS),
		"filters": frappe.as_json(filters),
		"order_by": f"`tab{MC}`.`modified` desc",
		"start": 0,
		"page_length": 20,
		"view": "List",
		"group_by": "",
		"with_comment_count": 1,
	}
	count_args = {"doctype": MC, "filters": frappe.as_json(filters), "fields": "[]", "distinct": "false"}
	lists = {user: [] for user, _label in cases}
	counts = {user: [] for user, _label in cases}
	for run in range(runs + 3):  # the first three warm MariaDB's buffer pool and Python caches
		for user, _label in cases:
			list_ms = request(user, get, **list_args)
			count_ms = request(user, get_count, **count_args)
			if run >= 3:
				lists[user].append(list_ms)
				counts[user].append(count_ms)
	results = []
	for user, label in cases:
		frappe.set_user(user)
		frappe.local.form_dict = frappe._dict(count_args)
		results.append(
			{
				"label": label,
				"list": statistics.median(lists[user]),
				"count": statistics.median(counts[user]),
				"rows": get_count(),
			}
		)
	return results


def pick_users() -> dict[str, str]:
	manager = frappe.db.sql(
		f"""select account_manager from `tab{MC}` where account_manager is not null
		group by account_manager order by count(*) desc limit 1"""
	)[0][0]
	leader = frappe.db.get_value(
		"Service Team", {"team_leader": ("like", "demo-%"), "is_group": 0}, "team_leader"
	) or frappe.db.get_value("Service Team", {"team_leader": ("is", "set")}, "team_leader")
	auditor = "bench-auditor@bench.crm-assign.example"
	if not frappe.db.exists("User", auditor):
		frappe.get_doc(
			{"doctype": "User", "email": auditor, "first_name": "Bench Auditor", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
		frappe.get_doc("User", auditor).add_roles("Customer Auditor")
		frappe.db.commit()
	return {"Account Manager": manager, "Team Leader": leader, "Customer Auditor": auditor}


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--runs", type=int, default=100)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	try:
		total = frappe.db.count(MC)
		managers = frappe.db.count("Account Manager")
		print(f"{total:,} customers, {managers:,} account managers; median of {args.runs} runs")
		users = pick_users()
		cases = [("Administrator", "Administrator")] + [(u, role) for role, u in users.items()]
		for filters, title in (
			([], "list view, no filter"),
			([[MC, "status", "=", "Active"]], "status = Active"),
		):
			print(f"\n{title}")
			print(f"{'who':<18} {'rows':>8} {'list ms':>9} {'count ms':>9} {'list x':>7} {'count x':>8}")
			results = measure(cases, args.runs, filters)
			base = results[0]
			for result in results:
				print(
					f"{result['label']:<18} {result['rows']:>8,} {result['list']:>9.1f} {result['count']:>9.1f}"
					f" {result['list'] / base['list']:>7.2f} {result['count'] / base['count']:>8.2f}"
				)
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
