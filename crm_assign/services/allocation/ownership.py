"""The one way a customer's owner changes: update the customer, write one Ownership Log row, refresh loads.

Plans, auto-assign, leave delegation and hand edits in the form all come through here, so every change
of ownership is logged exactly once and managers' load counters stay true.
"""

import frappe
from frappe.utils import now_datetime, nowdate
from pypika.terms import Case, Function

from crm_assign.services.allocation.inputs import ALLOCATABLE_STATUSES, owned_counts

CHANGE_TYPES = ("Plan", "Auto", "Manual", "Delegation", "Hand-back")
COUNTED_STATUSES = ALLOCATABLE_STATUSES  # a manager's load: the customers the engine may allocate


def Greatest(*terms) -> Function:
	return Function("GREATEST", *terms)


def NullIf(term, value) -> Function:
	return Function("NULLIF", term, value)


def log_ownership_change(
	customer: str,
	from_manager: str | None,
	to_manager: str | None,
	change_type: str,
	reason: str | None = None,
	allocation_plan: str | None = None,
	customer_name: str | None = None,
) -> None:
	"""Append one Ownership Log row (two queries). Only code writes the log; users can only read it."""
	if from_manager == to_manager:
		return
	stamp, user = now_datetime(), frappe.session.user
	row = (next_log_ids(1)[0], stamp, stamp, user, user, 0, customer, customer_name, from_manager, to_manager,
		change_type, allocation_plan, user, stamp, reason)  # fmt: skip
	frappe.db.bulk_insert("Ownership Log", ["name", *LOG_FIELDS], [row])


def record_hand_edit(customer_doc) -> None:
	"""Called by Managed Customer on every save: log a change of owner and keep load counters true."""
	previous = customer_doc.get_doc_before_save()
	from_manager = previous.account_manager if previous else None
	sync_load_counters(customer_doc, previous)
	if from_manager == customer_doc.account_manager:
		return
	frappe.db.set_value(
		"Managed Customer", customer_doc.name, "assigned_on", nowdate(), update_modified=False
	)
	log_ownership_change(
		customer_doc.name,
		from_manager,
		customer_doc.account_manager,
		customer_doc.flags.ownership_change_type or "Manual",
		reason=customer_doc.flags.ownership_change_reason,
		customer_name=customer_doc.customer_name,
	)
	revoke_previous_owner_shares([(customer_doc.name, from_manager)])


def sync_load_counters(customer_doc, previous) -> None:
	"""Move one unit of load from the old (owner, counted) to the new one; O(1) queries."""
	before = (previous.account_manager, previous.status in COUNTED_STATUSES) if previous else (None, False)
	after = (customer_doc.account_manager, customer_doc.status in COUNTED_STATUSES)
	if before == after:
		return
	if before[0] and before[1]:
		adjust_load(before[0], -1)
	if after[0] and after[1] and not customer_doc.flags.load_counted:
		adjust_load(after[0], +1)


def adjust_load(manager: str, delta: int) -> None:
	from crm_assign.services.allocation.auto_assign import forget_loads, mirror_load_change

	mirror_load_change(manager, delta)
	frappe.db.after_rollback.add(forget_loads)
	table = frappe.qb.DocType("Account Manager")
	load = Greatest(table.current_load + delta, 0)
	frappe.qb.update(table).set(table.current_load, load).set(
		table.utilisation, 100 * load / NullIf(table.capacity, 0)
	).where(table.name == manager).run()


LOG_FIELDS = ["creation", "modified", "owner", "modified_by", "docstatus", "customer", "customer_name",
	"from_manager", "to_manager", "change_type", "allocation_plan", "changed_by", "changed_at", "reason"]  # fmt: skip


def bulk_change_owners(
	changes: list[tuple[str, str | None, str | None, str]],
	change_type: str,
	reason: str,
	allocation_plan: str | None = None,
	refresh_loads: bool = True,
) -> None:
	"""Set many owners at once: (customer, customer_name, from, to) each; one UPDATE, logs in bulk.

	Callers lock the customers and check that `from` is still the owner before calling.
	"""
	if not changes:
		return
	new_owners = {to for _name, _title, _from, to in changes}
	managers = {
		m.name: m
		for m in frappe.get_all(
			"Account Manager",
			filters={"name": ("in", list(new_owners))},
			fields=["name", "full_name", "service_team"],
		)
	}
	stamp = now_datetime()
	write_owners({name: to for name, _title, _from, to in changes}, managers, stamp)
	user = frappe.session.user
	ids = next_log_ids(len(changes))
	rows = [
		(log_id, stamp, stamp, user, user, 0, name, title, from_, to, change_type, allocation_plan, user, stamp, reason)
		for log_id, (name, title, from_, to) in zip(ids, changes, strict=True)
	]  # fmt: skip
	frappe.db.bulk_insert("Ownership Log", ["name", *LOG_FIELDS], rows)
	revoke_previous_owner_shares([(name, from_) for name, _title, from_, _to in changes])
	if refresh_loads:
		refresh_manager_loads(list({m for _n, _t, f, t in changes for m in (f, t) if m}))


def write_owners(new_owners: dict[str, str], managers: dict, stamp) -> None:
	"""One UPDATE for all customers: owner, owner's name and team picked per row with CASE."""
	customer = frappe.qb.DocType("Managed Customer")
	owner, owner_name, team = Case(), Case(), Case()
	for name, to in new_owners.items():
		owner = owner.when(customer.name == name, to)
		owner_name = owner_name.when(customer.name == name, managers[to].full_name)
		team = team.when(customer.name == name, managers[to].service_team or customer.service_team)
	(
		frappe.qb.update(customer)
		.set(customer.account_manager, owner)
		.set(customer.account_manager_name, owner_name)
		.set(customer.service_team, team)
		.set(customer.assigned_on, stamp.date())
		.set(customer.modified, stamp)
		.where(customer.name.isin(list(new_owners)))
	).run()


def next_log_ids(count: int) -> list[int]:
	"""`count` ids from Ownership Log's autoincrement sequence in one query (MariaDB's seq_1_to_N table)."""
	sql = f"select nextval(`ownership_log_id_seq`) from seq_1_to_{int(count)}"
	return frappe.db.sql(sql, pluck=True)  # nosemgrep: frappe-using-db-sql -- frappe.qb has no NEXTVAL


def refresh_manager_loads(managers: list[str]) -> None:
	"""Recount owned active customers for these managers in one grouped query and store the counters."""
	if not managers:
		return
	from crm_assign.services.allocation.auto_assign import forget_loads

	forget_loads()
	counts = owned_counts(managers)
	capacities = dict(
		frappe.get_all(
			"Account Manager", filters={"name": ("in", managers)}, fields=["name", "capacity"], as_list=True
		)
	)
	for manager in managers:
		load = counts.get(manager, 0)
		capacity = capacities.get(manager) or 0
		utilisation = round(100.0 * load / capacity, 1) if capacity else 0
		frappe.db.set_value(
			"Account Manager",
			manager,
			{"current_load": load, "utilisation": utilisation},
			update_modified=False,
		)


def revoke_previous_owner_shares(changes: list[tuple[str, str | None]]) -> None:
	"""(customer, previous owner) pairs: shares of the customer and of its records (visits, complaints, …)
	given to or by the previous owner are removed, so access follows the new owner at once.

	Shares are rare: one query finds the previous owners' shares on these DocTypes, a query per DocType that
	has any checks which records belong to the changed customers, and one DELETE removes them.
	"""
	from crm_assign.permissions.rules import CUSTOMER, customer_link_fields

	previous_of = {customer: previous for customer, previous in changes if previous}
	if not previous_of:
		return
	links = customer_link_fields()
	share = frappe.qb.DocType("DocShare")
	previous = list(set(previous_of.values()))  # previous owner == their user id
	candidates = (
		frappe.qb.from_(share)
		.select(share.name, share.share_doctype, share.share_name, share.user, share.owner)
		.where(share.share_doctype.isin([CUSTOMER, *links]))
		.where(share.user.isin(previous) | share.owner.isin(previous))
		.run(as_dict=True)
	)
	if not candidates:
		return
	customer_of = {}  # (doctype, record) -> customer, for the records that have shares
	for doctype, fieldname in links.items():
		names = [c.share_name for c in candidates if c.share_doctype == doctype]
		if names:
			table = frappe.qb.DocType(doctype)
			rows = (
				frappe.qb.from_(table)
				.select(table.name, table[fieldname])
				.where(table.name.isin(names))
				.run()
			)
			customer_of.update({(doctype, name): customer for name, customer in rows})
	doomed = []
	for c in candidates:
		customer = (
			c.share_name if c.share_doctype == CUSTOMER else customer_of.get((c.share_doctype, c.share_name))
		)
		if customer in previous_of and previous_of[customer] in (c.user, c.owner):
			doomed.append(c.name)
	if doomed:
		frappe.qb.from_(share).delete().where(share.name.isin(doomed)).run()


def customers_follow_manager_team(manager: str, service_team: str | None) -> None:
	"""A manager moved team: their customers' Service Team follows (team leaders' access is by that column)."""
	customer = frappe.qb.DocType("Managed Customer")
	frappe.qb.update(customer).set(customer.service_team, service_team).where(
		customer.account_manager == manager
	).run()
