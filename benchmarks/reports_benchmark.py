"""Time of each Script Report of crm_assign on a site loaded with demo data, per audience.

    bench --site SITE crm-assign-demo --customers 100000 --managers 1000 --visits 1000000 --transactions 1000000
    cd sites && ../env/bin/python ../apps/crm_assign/benchmarks/report_history_data.py --site SITE
    cd sites && ../env/bin/python ../apps/crm_assign/benchmarks/reports_benchmark.py --site SITE [--runs 3]

(`report_history_data.py` adds what the demo does not write: changes of owner, new-customer credits, quotas.)

Each report runs through `frappe.desk.query_report.run` (the Desk route: read-only, report roles checked)
for a department user (Administrator: every row), a Team Leader and an Account Manager of the demo, with
per-request caches emptied before each run. Prints the best and median of `--runs` in seconds, the rows
returned and the machine's load average; asserts nothing; changes nothing. Goal (issue 7): < 5 s each at
100k customers and a million visits and transactions.
"""

import argparse
import os
import statistics
import time

import frappe
from frappe.utils import add_months, today


def reports() -> list[tuple[str, str, dict]]:
	"""(report, label, filters)"""
	year = {"from_date": add_months(today(), -12), "to_date": today()}
	return [
		("Allocation and Workload", "by manager", {"group_by": "Account Manager"}),
		("Allocation and Workload", "by team", {"group_by": "Service Team"}),
		("Allocation and Workload", "by region", {"group_by": "Service Region"}),
		("Ownership History", "12 months", {**year, "period": "Month"}),
		# every change of the year in the table, as before the 1,000-row default
		("Ownership History", "12 months, all rows", {**year, "period": "Month", "row_limit": 0}),
		("Complaint SLA", "12 months", year),
		("Visit Compliance", "12 months", year),
		("Account Manager Scorecard", "3 months", {"from_date": add_months(today(), -3), "to_date": today()}),
		(
			"New Customer Development",
			"6 months",
			{"from_month": add_months(today(), -5), "to_month": today()},
		),
		(
			"New Customer Development",
			"3 months (Desk default)",
			{"from_month": add_months(today(), -2), "to_month": today()},
		),
	]


def audiences() -> list[tuple[str, str]]:
	leader = frappe.db.sql(
		"""select t.team_leader from `tabService Team` t
		where t.team_leader is not null and exists (select 1 from `tabAccount Manager` m where m.service_team = t.name)
		order by t.name limit 1"""
	)
	manager = frappe.db.sql(
		"""select account_manager from `tabManaged Customer` where account_manager is not null
		group by account_manager order by count(*) desc limit 1"""
	)
	people = [("department (Administrator)", "Administrator")]
	if leader:
		people.append(("Team Leader", leader[0][0]))
	if manager:
		people.append(("Account Manager", manager[0][0]))
	return people


def run_once(report: str, filters: dict, user: str) -> tuple[float, int]:
	from frappe.desk.query_report import run

	frappe.set_user(user)
	frappe.local.cache = {}
	started = time.perf_counter()
	result = run(report, filters=frappe.as_json(filters), user=user, ignore_prepared_report=True)
	elapsed = time.perf_counter() - started
	frappe.set_user("Administrator")
	return elapsed, len(result.get("result") or [])


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--runs", type=int, default=3)
	parser.add_argument("--report", help="only this report")
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	try:
		counts = {
			d: frappe.db.count(d)
			for d in ("Managed Customer", "Account Manager", "Customer Visit", "Customer Transaction")
		}
		counts["Customer Complaint"] = frappe.db.count("Customer Complaint")
		counts["Ownership Log"] = frappe.db.count("Ownership Log")
		print("data:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))
		print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
		print(f"{'report':28} {'filters':28} {'audience':28} {'best s':>8} {'median s':>9} {'rows':>7}")
		for report, label, filters in reports():
			if args.report and report != args.report:
				continue
			if not frappe.db.exists("Report", report):
				print(f"{report:28} (not installed)")
				continue
			for audience, user in audiences():
				times, rows = [], 0
				for _ in range(args.runs):
					elapsed, rows = run_once(report, filters, user)
					times.append(elapsed)
				print(
					f"{report:28} {label:28} {audience:28} {min(times):8.2f} "
					f"{statistics.median(times):9.2f} {rows:7d}"
				)
		print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
