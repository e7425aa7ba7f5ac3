"""bench commands of crm_assign."""

import click
from frappe.commands import get_site, pass_context


@click.command("crm-assign-demo")
@click.option("--customers", default=1000, show_default=True, help="Managed Customers to create")
@click.option(
	"--managers", default=50, show_default=True, help="Account Managers (and their users) to create"
)
@click.option("--visits", type=int, help="Customer Visits to create [default: 2 per customer]")
@click.option("--transactions", type=int, help="Customer Transactions to create [default: 2 per customer]")
@click.option("--complaints", type=int, help="Customer Complaints to create [default: 1 per 10 customers]")
@click.option("--seed", default=42, show_default=True, help="Random seed: the same seed gives the same data")
@click.option("--reset", is_flag=True, help="Remove earlier demo data first")
@pass_context
def crm_assign_demo(context, customers, managers, visits, transactions, complaints, seed, reset):
	"""Load realistic zh_CN demo data in bulk (regions, teams, managers, customers, visits, sales, complaints)."""
	import time

	import frappe

	from crm_assign.demo.generate import DemoSize, make_demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		started = time.perf_counter()
		size = DemoSize(customers, managers, visits, transactions, complaints, seed)
		report = make_demo(size, reset=reset)
		for step, figures in report.items():
			click.echo(f"{step:>28}: {figures['rows']:>9,} rows in {figures['seconds']:>7.2f} s")
		click.echo(f"{'total':>28}: {time.perf_counter() - started:.2f} s")
	finally:
		frappe.destroy()


commands = [crm_assign_demo]
