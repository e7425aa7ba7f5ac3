"""Nightly lifecycle jobs, set-based: refresh customers' figures, mark dormant customers, grade customers.

Each step reads what it needs in a few grouped queries, decides in the pure core, and writes in bulk
(UPDATE … JOIN for figures, UPDATE … WHERE name IN for status and grade, multi-row INSERT for the logs).
`run_nightly` is wired to `scheduler_events["daily_long"]`; `enqueue_nightly` runs it on demand.
"""

import time
from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Date, Max, Sum
from frappe.utils import getdate, now_datetime, nowdate
from pypika.functions import Function

from crm_assign.core.batching import chunks
from crm_assign.core.lifecycle import dormancy_cutoff, rolling_12m_start
from crm_assign.services.lifecycle.grading import grade_customers
from crm_assign.utils.bulk import insert_log_rows

CHUNK = 10_000


def run_nightly(today: date | None = None) -> dict:
	today = getdate(today or nowdate())
	report = {}
	for label, step in (
		("figures", refresh_all_figures),
		("dormancy", mark_dormant),
		("grading", grade_customers),
	):
		started = time.perf_counter()
		report[label] = {"result": step(today), "seconds": round(time.perf_counter() - started, 2)}
		frappe.db.commit()  # each step is whole and idempotent; a failure later keeps the earlier steps; nosemgrep: frappe-manual-commit
	return report


@frappe.whitelist()
def enqueue_nightly() -> None:
	frappe.only_for(["Customer Manager", "System Manager"])
	frappe.enqueue(
		"crm_assign.services.lifecycle.nightly.run_nightly",
		queue="long",
		job_id="crm_assign_lifecycle_nightly",
		deduplicate=True,
		enqueue_after_commit=True,
		timeout=3600,
	)


def refresh_all_figures(today: date) -> dict:
	"""Rolling 12-month net sales and last activity (transactions, completed visits) of every customer.

	One grouped pass over the submitted transactions feeds one UPDATE … LEFT JOIN (MariaDB writes only
	the rows whose values change); completed visits move the last activity date forward in a second one.
	"""
	customer = frappe.qb.DocType("Managed Customer")
	txn = frappe.qb.DocType("Customer Transaction")
	start = rolling_12m_start(today)
	signed = Case().when(txn.transaction_type == "Return", -txn.amount).else_(txn.amount)
	in_window = (txn.transaction_date >= start) & (txn.transaction_date <= today)
	figures = (
		frappe.qb.from_(txn)
		.select(
			txn.customer,
			Sum(Case().when(in_window, signed).else_(0)).as_("net"),
			Max(Case().when(txn.transaction_date <= today, txn.transaction_date)).as_("day"),
		)
		.where(txn.docstatus == 1)
		.groupby(txn.customer)
	)
	frappe.qb.update(customer).left_join(figures).on(figures.customer == customer.name).set(
		customer.total_sales_12m, Coalesce(figures.net, 0)
	).set(customer.last_activity_date, _later(customer.last_activity_date, figures.day)).run()

	visit = frappe.qb.DocType("Customer Visit")
	last_visit = (
		frappe.qb.from_(visit)
		.select(visit.customer, Max(Date(Coalesce(visit.completed_on, visit.planned_start))).as_("day"))
		.where(visit.status == "Completed")
		.groupby(visit.customer)
	)
	frappe.qb.update(customer).join(last_visit).on(last_visit.customer == customer.name).set(
		customer.last_activity_date, _later(customer.last_activity_date, last_visit.day)
	).run()
	return {"window_start": str(start)}


def _later(current, candidate):
	"""The later of two nullable dates (NULL only when both are)."""
	return Greatest(Coalesce(current, candidate), Coalesce(candidate, current))


def mark_dormant(today: date) -> dict:
	"""Active customers without a transaction or completed visit for more than the dormancy days."""
	days = frappe.db.get_single_value("CRM Assign Settings", "dormancy_days") or 365
	cutoff = dormancy_cutoff(today, days)
	customer = frappe.qb.DocType("Managed Customer")
	last = Coalesce(customer.last_activity_date, Date(customer.creation))
	rows = (
		frappe.qb.from_(customer)
		.select(customer.name, customer.customer_name, last.as_("last"))
		.where(customer.status == "Active")
		.where(last < cutoff)
		.run()
	)
	now, user = now_datetime(), frappe.session.user
	for chunk in chunks(rows, CHUNK):
		names = [row[0] for row in chunk]
		frappe.qb.update(customer).set(customer.status, "Dormant").where(customer.name.isin(names)).where(
			customer.status == "Active"
		).run()
		insert_log_rows(
			"Lifecycle Log",
			[
				"customer",
				"customer_name",
				"change_type",
				"from_value",
				"to_value",
				"source",
				"changed_by",
				"changed_at",
				"reason",
			],
			[
				(
					name,
					customer_name,
					"Status",
					"Active",
					"Dormant",
					"Nightly Job",
					user,
					now,
					_("No transaction or visit since {0} (more than {1} days)").format(last, days),
				)
				for name, customer_name, last in chunk
			],
		)
	return {"dormant": len(rows), "cutoff": str(cutoff), "days": days}


class Greatest(Function):
	def __init__(self, *terms):
		super().__init__("GREATEST", *terms)
