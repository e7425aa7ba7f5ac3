"""Retention of exited customers' data: propose ONE Customer Data Erasure listing the customers past the
retention period and, once a Customer Manager approves it, anonymise them in a resumable background job.

- The day a customer left is its latest Lifecycle Log change to Exited or Blacklisted (the record's last
  change when there is none, e.g. a customer imported as Exited).
- Retention: CRM Assign Settings → *Keep Data of Exited Customers (Days)*, 1095 by default, 0 = off. A customer
  is kept exactly that many days and proposed the day after (`crm_assign.core.retention`).
- Blacklisted customers are proposed like exited ones; their active blacklist entry keeps the identifiers that
  recognise them if they come back (`anonymise.KEEP_WHILE`).
- One open request at a time: while one waits for approval the daily job proposes nothing new. Customers kept
  on a decided request (its Keep tick, or the whole request rejected) are proposed again only after another
  retention period.
- The erasure job works in chunks, each committed whole with its items' statuses: a rerun after a crash
  finishes the remaining items only. A customer that came back (or left again) since the request was made is
  skipped, with the reason on its row.
"""

from datetime import date

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Max
from frappe.utils import getdate, now_datetime, nowdate

from crm_assign.core.batching import chunks
from crm_assign.core.retention import retention_cutoff
from crm_assign.services.data_protection.anonymise import anonymise_customers
from crm_assign.services.data_protection.customer_records import CUSTOMER, in_names
from crm_assign.utils.jobs import enqueue_long_job

ERASURE, ITEM = "Customer Data Erasure", "Customer Data Erasure Item"
LEFT_STATUSES = ("Exited", "Blacklisted")
CHUNK = 500


def retention_days() -> int:
	return frappe.db.get_single_value("CRM Assign Settings", "exited_customer_retention_days") or 0


def left_customers(customers: list[str] | None = None, left_before: date | None = None) -> list[frappe._dict]:
	"""Customers now Exited or Blacklisted, with the moment they left (`left_at`)."""
	customer, log = frappe.qb.DocType(CUSTOMER), frappe.qb.DocType("Lifecycle Log")
	left_at = Coalesce(Max(log.changed_at), customer.modified)
	query = (
		frappe.qb.from_(customer)
		.left_join(log)
		.on(
			(log.customer == customer.name) & (log.change_type == "Status") & log.to_value.isin(LEFT_STATUSES)
		)
		.select(
			customer.name.as_("customer"),
			customer.customer_name,
			customer.status.as_("customer_status"),
			left_at.as_("left_at"),
		)
		.where(customer.status.isin(LEFT_STATUSES))
		.groupby(customer.name, customer.customer_name, customer.status, customer.modified)
		.orderby(customer.name)
	)
	if customers is not None:
		query = query.where(in_names(customer.name, customers))
	if left_before:
		query = query.having(left_at < left_before)
	return query.run(as_dict=True)


def held_customers(cutoff: date) -> set[str]:
	"""Customers on an open request, being or already anonymised, or kept by a decision within the period."""
	item, request = frappe.qb.DocType(ITEM), frappe.qb.DocType(ERASURE)
	return set(
		frappe.qb.from_(item)
		.join(request)
		.on(request.name == item.parent)
		.select(item.customer)
		.where(request.docstatus < 2)
		.where(
			(request.docstatus == 0)
			| item.erasure_status.isin(("Pending", "Anonymised"))
			| ((item.erasure_status == "Kept") & (request.decided_on >= cutoff))
		)
		.distinct()
		.run(pluck=True)
	)


def due_customers(today: date | None = None) -> list[frappe._dict]:
	"""Exited and blacklisted customers past the retention period that no request holds."""
	cutoff = retention_cutoff(getdate(today or nowdate()), retention_days())
	if cutoff is None:
		return []
	held = held_customers(cutoff)
	return [row for row in left_customers(left_before=cutoff) if row.customer not in held]


def open_request() -> str | None:
	return frappe.db.get_value(ERASURE, {"docstatus": 0}, "name")


def propose_erasure(today: date | None = None, source: str = "Retention Job") -> str | None:
	"""Create one Customer Data Erasure for every customer due (none while another request is open)."""
	today = getdate(today or nowdate())
	days = retention_days()
	cutoff = retention_cutoff(today, days)
	if cutoff is None or open_request():
		return None
	due = due_customers(today)
	if not due:
		return None
	request = frappe.get_doc(
		{
			"doctype": ERASURE,
			"source": source,
			"retention_days": days,
			"left_before": cutoff,
			"customers": [
				{
					"customer": row.customer,
					"customer_name": row.customer_name,
					"customer_status": row.customer_status,
					"left_on": getdate(row.left_at),
				}
				for row in due
			],
		}
	)
	request.insert(ignore_permissions=True)
	return request.name


@frappe.whitelist()
def propose_now() -> str | None:
	"""The daily proposal, on demand (whoever may create an erasure request: the department); returns the new
	request's name, if any."""
	frappe.has_permission(ERASURE, "create", throw=True)
	if not retention_days():
		frappe.throw(_("Retention is off: set Keep Data of Exited Customers (Days) in CRM Assign Settings."))
	if existing := open_request():
		frappe.throw(
			_("Customer Data Erasure {0} is still waiting for a decision.").format(frappe.bold(existing))
		)
	name = propose_erasure(source="Manual")
	if not name:
		frappe.msgprint(_("No customer is past the retention period."))
	return name


def daily_retention() -> None:
	"""scheduler daily_long: finish approved erasures a crash interrupted, then propose the customers due."""
	for name in frappe.get_all(
		ERASURE, filters={"docstatus": 1, "erasure_status": ("in", ("Queued", "In Progress"))}, pluck="name"
	):
		enqueue_erasure(name)
	propose_erasure()


def enqueue_erasure(request: str) -> None:
	enqueue_long_job(
		"crm_assign.services.data_protection.data_retention.run_erasure",
		f"customer_data_erasure::{request}",
		timeout=4 * 3600,
		request=request,
	)


def run_erasure(request: str, crash_after_chunks: int | None = None) -> dict:
	"""Anonymise the pending customers of an approved request; returns counts. A rerun does only what is
	left. `crash_after_chunks` simulates a crash (tests)."""
	doc = frappe.db.get_value(ERASURE, request, ["docstatus", "status", "erasure_status"], as_dict=True)
	if not doc or doc.docstatus != 1 or doc.status != "Approved":
		frappe.throw(
			_("Only an approved Customer Data Erasure is carried out; {0} is {1}.").format(
				request, _(doc.status if doc else "")
			)
		)
	if doc.erasure_status == "Completed":
		return {}
	frappe.db.set_value(ERASURE, request, "erasure_status", "In Progress")
	# the request shows the job under way, and the daily job resumes it after a crash
	frappe.db.commit()  # nosemgrep: frappe-manual-commit
	pending = pending_items(request)
	counts, done = {"Anonymised": 0, "Skipped": 0}, 0
	for number, chunk in enumerate(chunks(pending, CHUNK)):
		if crash_after_chunks is not None and number >= crash_after_chunks:
			raise RuntimeError("simulated crash")
		for status, count in erase_chunk(chunk).items():
			counts[status] += count
		# chunk boundary: these customers and their items' statuses are whole; a crash loses this chunk only
		frappe.db.commit()  # nosemgrep: frappe-manual-commit
		done += len(chunk)
		frappe.publish_progress(
			done * 100 / len(pending),
			title=_("Erasing {0}").format(request),
			doctype=ERASURE,
			docname=request,
		)
	anonymised = frappe.db.count(ITEM, {"parent": request, "erasure_status": "Anonymised"})
	frappe.db.set_value(
		ERASURE,
		request,
		{"erasure_status": "Completed", "completed_on": now_datetime(), "anonymised_count": anonymised},
	)
	frappe.db.commit()  # the request's final status with the last chunk; nosemgrep: frappe-manual-commit
	return counts


def pending_items(request: str) -> list[frappe._dict]:
	item = frappe.qb.DocType(ITEM)
	return (
		frappe.qb.from_(item)
		.select(item.name, item.customer, item.left_on)
		.where((item.parent == request) & (item.erasure_status == "Pending"))
		.orderby(item.idx)
		.run(as_dict=True)
	)


def erase_chunk(chunk: list[frappe._dict]) -> dict[str, int]:
	"""Lock the chunk's customers, anonymise those still gone since their request, mark every item."""
	customer = frappe.qb.DocType(CUSTOMER)
	names = [row.customer for row in chunk]
	frappe.qb.from_(customer).select(customer.name).where(in_names(customer.name, names)).for_update().run()
	left = {row.customer: getdate(row.left_at) for row in left_customers(names)}
	erase, skipped = [], {}
	for row in chunk:
		left_on = left.get(row.customer)
		if left_on is None:
			skipped[row.name] = _("Customer is no longer exited or blacklisted.")
		elif row.left_on and left_on > getdate(row.left_on):
			skipped[row.name] = _("Customer left again on {0}, after the request.").format(left_on)
		else:
			erase.append(row)
	anonymise_customers([row.customer for row in erase])
	item = frappe.qb.DocType(ITEM)
	if erase:
		frappe.qb.update(item).set(item.erasure_status, "Anonymised").where(
			in_names(item.name, [row.name for row in erase])
		).run()
	for name, reason in skipped.items():
		frappe.qb.update(item).set(item.erasure_status, "Skipped").set(item.skip_reason, reason).where(
			item.name == name
		).run()
	return {"Anonymised": len(erase), "Skipped": len(skipped)}
