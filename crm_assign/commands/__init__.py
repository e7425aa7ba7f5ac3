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
@click.option("--password", help="Let every demo user log in with this password")
@click.option(
	"--language", default="zh", show_default=True, help="Site language if the setup wizard is still open"
)
@pass_context
def crm_assign_demo(
	context, customers, managers, visits, transactions, complaints, seed, reset, password, language
):
	"""Load realistic zh_CN demo data in bulk (regions, teams, managers, customers, visits, sales, complaints);
	completes Frappe's setup wizard first on a new site (China, Asia/Shanghai, CNY)."""
	import time

	import frappe

	from crm_assign.demo.generate import DemoSize, complete_setup_wizard, make_demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		started = time.perf_counter()
		if complete_setup_wizard(language):
			click.echo(f"setup wizard completed: China, Asia/Shanghai, CNY, language {language}")
		size = DemoSize(customers, managers, visits, transactions, complaints, seed)
		report = make_demo(size, reset=reset, password=password)
		for step, figures in report.items():
			click.echo(f"{step:>28}: {figures['rows']:>9,} rows in {figures['seconds']:>7.2f} s")
		click.echo(f"{'total':>28}: {time.perf_counter() - started:.2f} s")
	finally:
		frappe.destroy()


@click.command("crm-assign-backup-drill")
@click.option("--target-site", required=True, help="New site to restore into (it must not exist)")
@click.option("--keep", is_flag=True, help="Keep the restored site (by default it is dropped)")
@click.option(
	"--sample", default=100, show_default=True, help="Encrypted values to decrypt and compare on both sites"
)
@click.option(
	"--db-root-password",
	envvar="CRM_ASSIGN_DB_ROOT_PASSWORD",
	help="MariaDB root password for creating and dropping the target [env CRM_ASSIGN_DB_ROOT_PASSWORD; "
	"else root_password from common_site_config.json; else asked]",
)
@pass_context
def crm_assign_backup_drill(context, target_site, keep, sample, db_root_password):
	"""Back up this site (encrypted, with files), restore it into a new site and compare them: every table's
	row count, sequences, files and a sample of decrypted values. Exits 1 on any difference."""
	import sys

	import frappe

	from crm_assign.services.data_protection.backup_drill import DrillError, run_drill

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		password = db_root_password or frappe.conf.get("root_password")
		password = password or click.prompt("MariaDB root password", hide_input=True)
		report = run_drill(target_site, db_root_password=password, keep=keep, sample=sample, echo=click.echo)
	except DrillError as e:
		click.secho(str(e), fg="red")
		sys.exit(2)
	finally:
		frappe.destroy()
	for line in report.lines():
		click.echo(line)
	if not report.ok:
		sys.exit(1)


commands = [crm_assign_demo, crm_assign_backup_drill]
