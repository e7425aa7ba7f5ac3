"""Apply an approved Allocation Plan: bulk owner changes, one Ownership Log row each, resumable.

Items are applied in chunks. Each chunk locks its customers (SELECT … FOR UPDATE), skips items whose
customer changed owner since the plan was drafted, writes owners, log rows and item statuses, and commits:
a crash loses at most the chunk in flight, whose items stay Pending, so a rerun applies every change
exactly once. Two plans applied at once serialise on the row locks and the second one skips what the
first one moved.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import now_datetime

from crm_assign.services.allocation.ownership import bulk_change_owners, refresh_manager_loads
from crm_assign.utils.jobs import enqueue_long_job

CHUNK = 1000


def enqueue_apply(plan_name: str) -> None:
	enqueue_long_job(
		"crm_assign.services.allocation.apply.apply_plan",
		f"allocation_plan_apply::{plan_name}",
		plan_name=plan_name,
	)


def apply_plan(plan_name: str, crash_after_chunks: int | None = None) -> dict:
	"""Apply the plan's pending items; returns counts. `crash_after_chunks` simulates a crash (tests)."""
	plan = frappe.get_doc("Allocation Plan", plan_name)
	if plan.docstatus != 1 or plan.status not in ("Approved", "Queued", "Applying"):
		frappe.throw(_("Only an approved plan can be applied; {0} is {1}.").format(plan.name, _(plan.status)))
	plan.db_set("status", "Applying", commit=True)
	pending = pending_items(plan_name)
	total, done, counts = len(pending), 0, defaultdict(int)
	for chunk_number, start in enumerate(range(0, total, CHUNK)):
		if crash_after_chunks is not None and chunk_number >= crash_after_chunks:
			raise RuntimeError("simulated crash")
		chunk = pending[start : start + CHUNK]
		for status, _item in apply_chunk(plan_name, chunk):
			counts[status] += 1
		frappe.db.commit()  # chunk boundary: owners, log rows and item statuses of this chunk are whole; nosemgrep: frappe-manual-commit
		done += len(chunk)
		frappe.publish_progress(
			done * 100 / total,
			title=_("Applying {0}").format(plan_name),
			doctype="Allocation Plan",
			docname=plan_name,
		)
	refresh_manager_loads(
		managers_of_applied_items(plan_name)
	)  # a rerun also recounts a crashed run's chunks
	plan.db_set({"status": "Applied", "applied_on": now_datetime()})
	frappe.db.commit()  # the last chunk's loads and the plan's status, before the notifications; nosemgrep: frappe-manual-commit
	frappe.enqueue(
		"crm_assign.services.allocation.apply.notify_managers",
		queue="long",
		job_id=f"allocation_plan_notify::{plan_name}",
		deduplicate=True,
		now=frappe.flags.in_test,
		plan_name=plan_name,
	)
	return dict(counts)


def managers_of_applied_items(plan_name: str) -> list[str]:
	item = frappe.qb.DocType("Allocation Plan Item")
	rows = (
		frappe.qb.from_(item)
		.select(item.current_owner, item.proposed_owner)
		.where((item.parent == plan_name) & (item.apply_status == "Applied"))
		.distinct()
		.run()
	)
	return list({manager for row in rows for manager in row if manager})


def pending_items(plan_name: str) -> list:
	item = frappe.qb.DocType("Allocation Plan Item")
	return (
		frappe.qb.from_(item)
		.select(item.name, item.customer, item.customer_name, item.current_owner, item.proposed_owner)
		.where((item.parent == plan_name) & (item.apply_status == "Pending"))
		.orderby(item.idx)
		.run(as_dict=True)
	)


def apply_chunk(plan_name: str, items: list) -> list[tuple[str, dict]]:
	customer = frappe.qb.DocType("Managed Customer")
	names = [i.customer for i in items]
	current = dict(
		frappe.qb.from_(customer)
		.select(customer.name, customer.account_manager)
		.where(customer.name.isin(names))
		.for_update()
		.run()
	)
	outcome, applied = [], []
	for item in items:
		if item.customer not in current:
			outcome.append(("Skipped", item, _("Customer no longer exists")))
		elif (current[item.customer] or None) != (item.current_owner or None):
			outcome.append(("Skipped", item, _("Owner changed since the plan was drafted")))
		elif not item.proposed_owner:
			outcome.append(("Skipped", item, _("No account manager could take this customer")))
		else:
			outcome.append(("Applied", item, None))
			applied.append(item)
	bulk_change_owners(
		[(i.customer, i.customer_name, i.current_owner, i.proposed_owner) for i in applied],
		"Plan",
		_("Allocation Plan {0}").format(plan_name),
		allocation_plan=plan_name,
		refresh_loads=False,
	)
	write_item_statuses(outcome)
	return [(status, item) for status, item, _reason in outcome]


def write_item_statuses(outcome: list) -> None:
	item = frappe.qb.DocType("Allocation Plan Item")
	applied = [i.name for status, i, _reason in outcome if status == "Applied"]
	if applied:
		frappe.qb.update(item).set(item.apply_status, "Applied").where(item.name.isin(applied)).run()
	by_reason = defaultdict(list)
	for status, i, reason in outcome:
		if status == "Skipped":
			by_reason[reason].append(i.name)
	for reason, names in by_reason.items():
		frappe.qb.update(item).set(item.apply_status, "Skipped").set(item.skip_reason, reason).where(
			item.name.isin(names)
		).run()


def notify_managers(plan_name: str) -> None:
	"""One system notification (and e-mail) per gaining or losing manager, listing their customers.

	Runs as its own job after the plan is applied, from the applied items, so it is sent once per plan: a
	rerun finds the notifications made since the plan was applied (the approvers' "waits for your approval"
	ones came before, and must not count).
	"""
	applied_on = frappe.db.get_value("Allocation Plan", plan_name, "applied_on")
	if frappe.db.exists(
		"Notification Log",
		{"document_type": "Allocation Plan", "document_name": plan_name, "creation": (">=", applied_on)},
	):
		return
	item = frappe.qb.DocType("Allocation Plan Item")
	applied = (
		frappe.qb.from_(item)
		.select(item.customer, item.customer_name, item.current_owner, item.proposed_owner)
		.where((item.parent == plan_name) & (item.apply_status == "Applied"))
		.orderby(item.idx)
		.run(as_dict=True)
	)
	gained, lost = defaultdict(list), defaultdict(list)
	for row in applied:
		gained[row.proposed_owner].append(row)
		if row.current_owner:
			lost[row.current_owner].append(row)
	managers = set(gained) | set(lost)
	if not managers:
		return
	users = dict(
		frappe.get_all(
			"Account Manager",
			filters={"name": ("in", list(managers))},
			fields=["name", "user"],
			as_list=True,
		)
	)
	enabled = set(
		frappe.get_all("User", filters={"name": ("in", list(users.values())), "enabled": 1}, pluck="name")
	)
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

	for manager in sorted(managers):
		user = users.get(manager)
		if user not in enabled:
			continue
		subject = _("Allocation Plan {0}: you gain {1} and hand over {2} customers").format(
			plan_name, len(gained.get(manager, [])), len(lost.get(manager, []))
		)
		body = customer_list_html(_("You now own"), gained.get(manager, [])) + customer_list_html(
			_("Handed over"), lost.get(manager, [])
		)
		make_notification_logs(
			{
				"subject": subject,
				"email_content": body,
				"document_type": "Allocation Plan",
				"document_name": plan_name,
				"type": "Alert",
				"from_user": frappe.session.user,
			},
			[user],
		)


def customer_list_html(title: str, items: list, limit: int = 50) -> str:
	if not items:
		return ""
	shown = "".join(
		f"<li>{frappe.utils.escape_html(i.customer_name or i.customer)} ({i.customer})</li>"
		for i in items[:limit]
	)
	more = _("and {0} more").format(len(items) - limit) if len(items) > limit else ""
	return f"<p><b>{title}</b></p><ul>{shown}</ul>{more}"
