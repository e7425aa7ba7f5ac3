"""Nightly lifecycle jobs and monthly incentive statements at scale, in a real site.

Goals (issue 6): nightly figures + dormancy + grading over 100k customers and 1M transactions < 60 s;
monthly Development Incentive statements for 1k managers < 10 s.

Run from the bench's sites folder:

    ../env/bin/python ../apps/crm_assign/benchmarks/lifecycle_jobs_benchmark.py --site SITE --load

`--load` creates the demo data first when the site has none (100k customers, 1k managers, 1M transactions,
100k visits by default; the demo's own generator). The script seeds one month of new-customer credits and
quotas for every demo manager, times the jobs, and prints figures; it asserts nothing. It CHANGES the
site (grades, statuses, logs): use a benchmark site. Unless `--keep`, the rows it created are removed at
the end, and with `--unload` the demo data too.
"""

import argparse
import time

import frappe
from frappe.utils import add_months, get_first_day, getdate, now_datetime, nowdate

BENCH = "BENCH-"
NIGHTLY_GOAL = 60.0
STATEMENT_GOAL = 10.0


def load_demo(customers: int, managers: int, transactions: int, visits: int) -> None:
	from crm_assign.demo.generate import DemoSize, demo_exists, make_demo

	if demo_exists():
		print("demo data present: not loading")
		return
	started = time.perf_counter()
	report = make_demo(
		DemoSize(
			customers=customers, managers=managers, visits=visits, transactions=transactions, complaints=0
		),
		show_progress=False,
	)
	print(f"demo load: {time.perf_counter() - started:.1f} s {report}")


def counts() -> dict:
	return {
		"customers": frappe.db.count("Managed Customer"),
		"transactions": frappe.db.count("Customer Transaction", {"docstatus": 1}),
		"visits": frappe.db.count("Customer Visit"),
		"managers": frappe.db.count("Account Manager"),
	}


def seed_month(month, per_manager: int) -> int:
	"""Credits for `per_manager` owned customers of every manager (first months M, M-1, M-2), one sale each
	in its first month, and a quota for M; rows named BENCH-… so they can be removed."""
	from crm_assign.demo.generate import insert_rows

	customer = frappe.qb.DocType("Managed Customer")
	owned = (
		frappe.qb.from_(customer)
		.select(customer.name, customer.account_manager)
		.where(customer.account_manager.isnotnull())
		.run()
	)
	picked: dict[str, list[str]] = {}
	for name, manager in owned:
		if len(picked.setdefault(manager, [])) < per_manager:
			picked[manager].append(name)
	now = now_datetime()
	standard = ["name", "creation", "modified", "owner", "modified_by", "docstatus"]
	credits, sales, quotas = [], [], []
	for m_index, (manager, names) in enumerate(sorted(picked.items())):
		quotas.append(
			(
				f"{BENCH}DQ-{m_index}",
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				manager,
				"Channel Sales",
				month,
				3,
			)
		)
		for c_index, name in enumerate(names):
			first = add_months(month, -(c_index % 3))
			key = f"{m_index}-{c_index}"
			credits.append(
				(
					f"{BENCH}NCC-{key}",
					now,
					now,
					"Administrator",
					"Administrator",
					0,
					name,
					manager,
					"First Sale",
					first,
					first,
				)
			)
			sales.append(
				(
					f"{BENCH}TXN-{key}",
					now,
					now,
					"Administrator",
					"Administrator",
					1,
					name,
					"Sale",
					first,
					1000 + 700 * c_index,
					manager,
				)
			)
	insert_rows(
		"Development Quota", [*standard, "account_manager", "department_type", "month", "quota"], quotas
	)
	insert_rows(
		"New Customer Credit",
		[*standard, "customer", "account_manager", "source", "first_month", "credited_on"],
		credits,
	)
	insert_rows(
		"Customer Transaction",
		[*standard, "customer", "transaction_type", "transaction_date", "amount", "account_manager"],
		sales,
	)
	frappe.db.commit()
	return len(credits)


def timed(label: str, fn, *args):
	started = time.perf_counter()
	result = fn(*args)
	frappe.db.commit()
	seconds = time.perf_counter() - started
	print(f"  {label:<28} {seconds:7.2f} s  {result}")
	return seconds


def nightly(today) -> float:
	from crm_assign.services.lifecycle.grading import grade_customers
	from crm_assign.services.lifecycle.nightly import mark_dormant, refresh_all_figures

	return sum(
		(
			timed("figures (12m sales, activity)", refresh_all_figures, today),
			timed("dormancy", mark_dormant, today),
			timed("grading", grade_customers, today),
		)
	)


def cleanup(month, since) -> None:
	statement = frappe.qb.DocType("Development Incentive")
	names = (
		frappe.qb.from_(statement).select(statement.name).where(statement.creation >= since).run(pluck=True)
	)
	line = frappe.qb.DocType("Development Incentive Line")
	for chunk in range(0, len(names), 5000):
		part = names[chunk : chunk + 5000]
		frappe.qb.from_(line).delete().where(line.parent.isin(part)).run()
		frappe.qb.from_(statement).delete().where(statement.name.isin(part)).run()
	for doctype in ("Development Quota", "New Customer Credit", "Customer Transaction"):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table.name.like(f"{BENCH}%")).run()
	for doctype, column in (("Grade Review", "reviewed_at"), ("Lifecycle Log", "changed_at")):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table[column] >= since).run()
	log = frappe.qb.DocType("Notification Log")
	frappe.qb.from_(log).delete().where(log.document_type == "Grade Review").where(
		log.creation >= since
	).run()
	frappe.db.commit()


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--load", action="store_true", help="create demo data when the site has none")
	parser.add_argument("--customers", type=int, default=100_000)
	parser.add_argument("--managers", type=int, default=1000)
	parser.add_argument("--transactions", type=int, default=1_000_000)
	parser.add_argument("--visits", type=int, default=100_000)
	parser.add_argument("--per-manager", type=int, default=6, help="credited new customers per manager")
	parser.add_argument("--keep", action="store_true", help="keep the rows the benchmark created")
	parser.add_argument("--unload", action="store_true", help="remove the demo data at the end")
	args = parser.parse_args()

	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	since = now_datetime()
	today = getdate(nowdate())
	month = add_months(get_first_day(today), -1)
	try:
		if args.load:
			load_demo(args.customers, args.managers, args.transactions, args.visits)
			since = now_datetime()
		print(f"site {args.site}: {counts()}")
		credits = seed_month(month, args.per_manager)
		print(f"seeded {credits:,} new-customer credits and quotas for {month:%Y-%m}")

		print("nightly jobs, first night (many grades and statuses change):")
		first = nightly(today)
		print(f"  total {first:.2f} s (goal < {NIGHTLY_GOAL:.0f} s)")
		print("nightly jobs, next night (steady state):")
		second = nightly(today)
		print(f"  total {second:.2f} s (goal < {NIGHTLY_GOAL:.0f} s)")

		from crm_assign.services.lifecycle.incentives import generate_statements

		print(f"monthly statements for {month:%Y-%m}:")
		seconds = timed("generate statements", generate_statements, month)
		print(f"  total {seconds:.2f} s (goal < {STATEMENT_GOAL:.0f} s)")
		lines = frappe.db.count("Development Incentive Line")
		print(f"  {frappe.db.count('Development Incentive', {'month': month}):,} statements, {lines:,} lines")
	finally:
		if not args.keep:
			cleanup(month, since)
			print("benchmark rows removed")
		if args.unload:
			from crm_assign.demo.generate import remove_demo

			remove_demo()
			print("demo data removed")
		frappe.destroy()


if __name__ == "__main__":
	main()
