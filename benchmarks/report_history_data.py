"""History the demo does not write, for `reports_benchmark.py`: changes of owner, new-customer credits, quotas.

    bench --site SITE crm-assign-demo --customers 100000 --managers 1000 --visits 1000000 --transactions 1000000
    cd sites && ../env/bin/python ../apps/crm_assign/benchmarks/report_history_data.py --site SITE

Writes in bulk (multi-row INSERTs, seeded): `--changes` Ownership Log rows over the last 12 months between the
demo's managers, a New Customer Credit for `--credit-share` of the demo's owned customers with a first month
in the last 6 months (first sale or reactivation), and a Development Quota per demo manager and month of the
last 6 months. Running it again replaces its own rows (reason/name markers below); `crm-assign-demo
--reset` removes the changes of owner with the demo customers.
"""

import argparse
import random
import time
from datetime import timedelta

import frappe
from frappe.utils import add_months, get_first_day, now_datetime, today

from crm_assign.demo.generate import DEMO_EMAIL_DOMAIN, DEMO_PREFIX, insert_rows
from crm_assign.services.lifecycle.nightly import insert_log_rows

REASON = "benchmark history"
CREDIT_PREFIX = f"{DEMO_PREFIX}NCC-"


def remove_earlier() -> None:
	log = frappe.qb.DocType("Ownership Log")
	frappe.qb.from_(log).delete().where(log.reason == REASON).run()
	credit = frappe.qb.DocType("New Customer Credit")
	frappe.qb.from_(credit).delete().where(credit.name.like(f"{CREDIT_PREFIX}%")).run()
	quota = frappe.qb.DocType("Development Quota")
	frappe.qb.from_(quota).delete().where(quota.account_manager.like(f"%@{DEMO_EMAIL_DOMAIN}")).run()


def write_changes(rng: random.Random, customers: list, managers: list[str], count: int) -> None:
	now = now_datetime()
	rows = []
	for _ in range(count):
		name, customer_name, owner = rng.choice(customers)
		to_manager = owner or rng.choice(managers)
		from_manager = rng.choice(managers)
		at = now - timedelta(seconds=rng.randint(0, 365 * 86400))
		kind = rng.choices(("Plan", "Auto", "Manual", "Delegation"), weights=(6, 2, 1, 1))[0]
		rows.append((name, customer_name, from_manager, to_manager, kind, "Administrator", at, REASON))
	fields = ["customer", "customer_name", "from_manager", "to_manager", "change_type", "changed_by"]
	insert_log_rows("Ownership Log", [*fields, "changed_at", "reason"], rows)


def write_credits(rng: random.Random, customers: list, share: float) -> int:
	now = now_datetime()
	owned = [c for c in customers if c[2]]
	chosen = rng.sample(owned, int(len(owned) * share))
	first_months = [get_first_day(add_months(today(), -i)) for i in range(6)]
	fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "naming_series"]
	fields += ["customer", "customer_name", "account_manager", "source", "first_month", "credited_on"]
	rows = []
	for i, (name, customer_name, owner) in enumerate(chosen, start=1):
		month = rng.choice(first_months)
		source = "Reactivation" if rng.random() < 0.15 else "First Sale"
		credited = month + timedelta(days=rng.randint(0, 27))
		standard = (f"{CREDIT_PREFIX}{i:07d}", now, now, "Administrator", "Administrator", 0, "NCC-.YYYY.-")
		rows.append((*standard, name, customer_name, owner, source, month, credited))
	for start in range(0, len(rows), 10_000):
		insert_rows("New Customer Credit", fields, rows[start : start + 10_000])
	return len(rows)


def write_quotas(rng: random.Random, managers: list[str]) -> int:
	now = now_datetime()
	fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus"]
	fields += ["account_manager", "department_type", "month", "quota"]
	rows = []
	for manager in managers:
		for i in range(6):
			month = get_first_day(add_months(today(), -i))
			standard = (f"DQ-{manager}-{month}", now, now, "Administrator", "Administrator", 0)
			rows.append((*standard, manager, "Channel Sales", month, rng.randint(2, 6)))
	insert_rows("Development Quota", fields, rows)
	return len(rows)


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--changes", type=int, default=100_000)
	parser.add_argument("--credit-share", type=float, default=0.2)
	parser.add_argument("--seed", type=int, default=7)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	try:
		rng = random.Random(args.seed)
		customer = frappe.qb.DocType("Managed Customer")
		customers = (
			frappe.qb.from_(customer)
			.select(customer.name, customer.customer_name, customer.account_manager)
			.where(customer.name.like(f"{DEMO_PREFIX}%"))
			.orderby(customer.name)
			.run()
		)
		managers = frappe.get_all(
			"Account Manager",
			filters={"name": ("like", f"%@{DEMO_EMAIL_DOMAIN}")},
			pluck="name",
			order_by="name",
		)
		if not customers or not managers:
			raise SystemExit("no demo data: run bench crm-assign-demo first")
		started = time.perf_counter()
		remove_earlier()
		write_changes(rng, customers, managers, args.changes)
		credits = write_credits(rng, customers, args.credit_share)
		quotas = write_quotas(rng, managers)
		frappe.db.commit()
		print(
			f"{args.changes:,} changes of owner, {credits:,} credits, {quotas:,} quotas "
			f"in {time.perf_counter() - started:.1f} s"
		)
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
