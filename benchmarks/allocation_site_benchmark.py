"""Allocation in a real site: draft and apply a plan, auto-assign vs Frappe's Assignment Rule.

Run from the bench's sites folder on a site loaded with demo data
(`bench --site SITE crm-assign-demo --customers 100000 --managers 1000 ...`):

    ../env/bin/python ../apps/crm_assign/benchmarks/allocation_site_benchmark.py --site SITE

It CHANGES the site (owners, new customers): use a benchmark site. Prints figures; asserts nothing.
"""

import argparse
import time
from contextlib import contextmanager

import frappe


@contextmanager
def counting_queries():
	"""Count the SQL statements Frappe sends (frappe.db.sql is the one door for every query)."""
	counter = {"queries": 0}
	original = frappe.db.sql

	def counted(*args, **kwargs):
		counter["queries"] += 1
		return original(*args, **kwargs)

	frappe.db.sql = counted
	try:
		yield counter
	finally:
		frappe.db.sql = original


def approver() -> str:
	email = "bench-approver@bench.crm-assign.example"
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": "Bench", "send_welcome_email": 0}
		).insert()
		frappe.get_doc("User", email).add_roles("Allocation Approver", "Customer Manager")
	return email


def plan_benchmark(scope: str, max_moves: int | None) -> None:
	from crm_assign.services.allocation.apply import apply_plan
	from crm_assign.services.allocation.draft import draft_proposal

	plan = frappe.get_doc(
		{"doctype": "Allocation Plan", "title": f"benchmark {scope}", "scope": scope}
	).insert()
	started = time.perf_counter()
	result = draft_proposal(plan, max_moves)
	drafted = time.perf_counter() - started
	frappe.db.commit()
	plan.reload()
	print(
		f"draft plan ({scope}): {drafted:.2f} s, {plan.total_items:,} items, {plan.moves:,} moves, Gini {plan.gini_before} -> {plan.gini_after}, objective {result.objective:,.0f}"
	)
	plan.first_approved_by = "Administrator"
	frappe.set_user(approver())
	plan.submit()
	frappe.set_user("Administrator")
	frappe.db.commit()
	started = time.perf_counter()
	counts = apply_plan(plan.name)
	print(f"apply plan ({scope}): {time.perf_counter() - started:.2f} s, {counts}")


def insert_customers(count: int, label: str, region: str) -> tuple[float, float]:
	timings, queries = [], []
	for i in range(count):
		doc = frappe.get_doc(
			{"doctype": "Managed Customer", "customer_name": f"基准客户{label}{i}", "service_region": region}
		)
		with counting_queries() as counter:
			started = time.perf_counter()
			doc.insert()
			timings.append(time.perf_counter() - started)
		queries.append(counter["queries"])
	frappe.db.commit()
	timings.sort()
	return 1000 * sum(timings) / count, 1000 * timings[len(timings) // 2], sum(queries) / count


def auto_assign_benchmark(count: int) -> None:
	region = frappe.get_all("Service Region", filters={"region_type": "City"}, pluck="name", limit=1)[0]
	managers = frappe.db.count("Account Manager", {"status": "Active"})
	settings = frappe.get_single("CRM Assign Settings")

	settings.auto_assign_on_insert = 0
	settings.save()
	mean, median, queries = insert_customers(count, "plain", region)
	print(
		f"plain insert, no assignment:      {mean:7.2f} ms mean, {median:7.2f} ms median, {queries:6.1f} queries/doc"
	)

	settings.auto_assign_on_insert = 1
	settings.save()
	frappe.db.commit()
	insert_customers(1, "warm", region)  # first insert fills the manager cache
	mean, median, queries = insert_customers(count, "auto", region)
	print(
		f"crm_assign auto-assign ({managers} managers): {mean:7.2f} ms mean, {median:7.2f} ms median, {queries:6.1f} queries/doc"
	)
	settings.auto_assign_on_insert = 0
	settings.save()

	users = frappe.get_all("Account Manager", filters={"status": "Active"}, pluck="user", limit=0)
	for rule in ("Load Balancing", "Round Robin"):
		name = f"benchmark {rule}"
		frappe.delete_doc_if_exists("Assignment Rule", name)
		frappe.get_doc(
			{
				"doctype": "Assignment Rule",
				"name": name,
				"document_type": "Managed Customer",
				"priority": 1,
				"assign_condition": "status == 'Active'",
				"rule": rule,
				"users": [{"user": u} for u in users],
				"assignment_days": [
					{"day": d}
					for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
				],
			}
		).insert()
		frappe.db.commit()
		mean, median, queries = insert_customers(count, rule, region)
		print(
			f"Frappe Assignment Rule, {rule:14} ({len(users)} users): {mean:7.2f} ms mean, {median:7.2f} ms median, {queries:6.1f} queries/doc"
		)
		frappe.delete_doc("Assignment Rule", name)
		frappe.db.commit()


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--inserts", type=int, default=100)
	parser.add_argument("--scope", default="Unassigned", help="scope of the plan to draft and apply")
	parser.add_argument("--max-moves", type=int, help="cap the plan's moves (e.g. 10000 for a 10k-item plan)")
	parser.add_argument("--skip-plan", action="store_true")
	parser.add_argument("--skip-inserts", action="store_true")
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		if not args.skip_plan:
			plan_benchmark(args.scope, args.max_moves)
		if not args.skip_inserts:
			auto_assign_benchmark(args.inserts)
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
