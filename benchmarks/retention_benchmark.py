"""Retention at scale, in a real site: propose, approve and anonymise N exited customers (10,000 by default).

Run from the bench's sites folder:

    ../env/bin/python ../apps/crm_assign/benchmarks/retention_benchmark.py --site SITE [--customers 10000]

Seeds N customers named RBENCH-…, exited more than the retention period ago, each with contact data and an
ID number (encrypted in __Auth when the field is a Password field), a visit with a follow-up, a complaint,
two submitted transactions, an exit Lifecycle Log row, a Version and a comment — written in bulk. Then times
the daily proposal (one Customer Data Erasure listing them), the approval (submit), the erasure job (chunks
with commits) and a rerun (nothing left to do), checks that every seeded customer lost its personal data and
that the transactions' total is unchanged, and prints the figures; it asserts nothing. It proposes every
customer due on the site: use a benchmark site. Unless `--keep`, the rows it created are removed at the end.
"""

import argparse
import time

import frappe
from frappe.model.workflow import apply_workflow
from frappe.query_builder import Table
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, now_datetime

PREFIX = "RBENCH-"
CUSTOMER, ERASURE = "Managed Customer", "Customer Data Erasure"
STANDARD = ["name", "creation", "modified", "owner", "modified_by", "docstatus"]
CHILD = ["parent", "parenttype", "parentfield", "idx"]


def timed(label: str, function, *args, **kwargs):
	started = time.perf_counter()
	result = function(*args, **kwargs)
	seconds = time.perf_counter() - started
	print(f"  {label}: {seconds:.2f} s")
	return result, seconds


def seed(count: int, retention_days: int) -> list[str]:
	from crm_assign.demo.generate import insert_rows
	from crm_assign.services.lifecycle.nightly import insert_log_rows

	now = now_datetime()
	left_at = add_days(now, -(retention_days + 30))
	names = [f"{PREFIX}{i:07d}" for i in range(count)]

	def std(name: str, docstatus: int = 0) -> tuple:
		return (name, now, now, "Administrator", "Administrator", docstatus)

	password = frappe.get_meta(CUSTOMER).get_field("id_number").fieldtype == "Password"
	personal = ["contact_person", "email_id", "mobile_no", "phone", "id_number", "address", "notes"]
	insert_rows(
		CUSTOMER,
		[
			*STANDARD,
			"customer_name",
			"customer_type",
			"grade",
			"lifecycle_stage",
			"status",
			"industry",
			*personal,
		],
		[
			(
				*std(n),
				*(f"基准客户{i}", "Company", "B", "Deal", "Exited", "制造业"),
				*(f"联系人{i}", f"c{i}@rbench.example", f"139{i:08d}", "010-12345678"),
				*("*" * 18 if password else f"1101011990{i:08d}", f"北京市某路{i}号", "备注"),
			)
			for i, n in enumerate(names)
		],
	)
	if password:  # what Frappe stores for a Password field: the secret in __Auth (not decryptable here)
		auth = Table("__Auth")
		for start in range(0, count, 1000):
			query = frappe.qb.into(auth).columns(
				auth.doctype, auth.name, auth.fieldname, auth.password, auth.encrypted
			)
			for n in names[start : start + 1000]:
				query = query.insert(CUSTOMER, n, "id_number", f"bench-ciphertext-{n}", 1)
			query.run()
	log = ["customer", "customer_name", "change_type", "from_value", "to_value", "source", "changed_by"]
	insert_log_rows(
		"Lifecycle Log",
		[*log, "changed_at", "reason"],
		[
			(
				n,
				f"基准客户{i}",
				"Status",
				"Active",
				"Exited",
				"Exit",
				"Administrator",
				left_at,
				f"联系人{i} 退出",
			)
			for i, n in enumerate(names)
		],
	)
	visit = ["naming_series", "visit_type", "customer", "customer_name", "status", "planned_start", "purpose"]
	insert_rows(
		"Customer Visit",
		[*STANDARD, *visit, "outcome", "satisfaction"],
		[
			(
				*std(f"{PREFIX}V{i:07d}"),
				*("VIS-.YYYY.-", "Outbound Visit", n, f"基准客户{i}", "Completed", left_at),
				*(f"拜访联系人{i}", "满意", 0.8),
			)
			for i, n in enumerate(names)
		],
	)
	insert_rows(
		"Visit Follow Up",
		[*STANDARD, *CHILD, "action"],
		[
			(*std(f"{PREFIX}F{i:07d}"), f"{PREFIX}V{i:07d}", "Customer Visit", "follow_ups", 1, f"回电 {i}")
			for i in range(count)
		],
	)
	complaint = [
		"naming_series",
		"subject",
		"customer",
		"customer_name",
		"status",
		"opened_on",
		"description",
	]
	insert_rows(
		"Customer Complaint",
		[*STANDARD, *complaint],
		[
			(
				*std(f"{PREFIX}C{i:07d}"),
				*(
					"CMP-.YYYY.-",
					f"投诉{i}",
					n,
					f"基准客户{i}",
					"Closed",
					left_at,
					f"联系人{i} 的手机 139{i:08d}",
				),
			)
			for i, n in enumerate(names)
		],
	)
	sale = ["naming_series", "customer", "customer_name", "transaction_type", "transaction_date", "amount"]
	insert_rows(
		"Customer Transaction",
		[*STANDARD, *sale],
		[
			(
				*std(f"{PREFIX}T{k}{i:07d}", 1),
				"TXN-.YYYY.-",
				n,
				f"基准客户{i}",
				"Sale",
				left_at.date(),
				100.0 + k,
			)
			for i, n in enumerate(names)
			for k in range(2)
		],
	)
	insert_rows(
		"Version",
		[*STANDARD, "ref_doctype", "docname", "data"],
		[
			(*std(f"{PREFIX}VER{i:07d}"), CUSTOMER, n, '{"changed": [["notes", "", "备注"]]}')
			for i, n in enumerate(names)
		],
	)
	insert_rows(
		"Comment",
		[*STANDARD, "comment_type", "reference_doctype", "reference_name", "content"],
		[
			(*std(f"{PREFIX}CM{i:07d}"), "Comment", CUSTOMER, n, f"联系人{i} 来电")
			for i, n in enumerate(names)
		],
	)
	frappe.db.commit()
	return names


def transaction_total(names: list[str]) -> float:
	txn = frappe.qb.DocType("Customer Transaction")
	return frappe.qb.from_(txn).select(Sum(txn.amount)).where(txn.customer.isin(names)).run()[0][0] or 0


def left_with_personal_data(names: list[str]) -> int:
	customer = frappe.qb.DocType(CUSTOMER)
	return (
		frappe.qb.from_(customer)
		.select(Count("*"))
		.where(customer.name.isin(names))
		.where(
			customer.mobile_no.isnotnull()
			| customer.contact_person.isnotnull()
			| customer.id_number.isnotnull()
		)
		.run()[0][0]
	)


def cleanup() -> None:
	for doctype, column in (
		("Visit Follow Up", "parent"),
		("Customer Visit", "customer"),
		("Customer Complaint", "customer"),
		("Customer Transaction", "customer"),
		("Lifecycle Log", "customer"),
		("Version", "docname"),
		("Comment", "reference_name"),
		(CUSTOMER, "name"),
	):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table[column].like(f"{PREFIX}%")).run()
	auth = Table("__Auth")
	frappe.qb.from_(auth).delete().where(auth.name.like(f"{PREFIX}%")).run()
	item, request = frappe.qb.DocType("Customer Data Erasure Item"), frappe.qb.DocType(ERASURE)
	requests = (
		frappe.qb.from_(item)
		.select(item.parent)
		.where(item.customer.like(f"{PREFIX}%"))
		.distinct()
		.run(pluck=True)
	)
	if requests:
		frappe.qb.from_(item).delete().where(item.parent.isin(requests)).run()
		frappe.qb.from_(request).delete().where(request.name.isin(requests)).run()
	frappe.db.commit()


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--customers", type=int, default=10_000)
	parser.add_argument("--keep", action="store_true", help="keep the rows the benchmark created")
	args = parser.parse_args()

	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	from crm_assign.services.data_protection import data_retention

	try:
		cleanup()
		retention = data_retention.retention_days() or 1095
		frappe.db.set_single_value("CRM Assign Settings", "exited_customer_retention_days", retention)
		started = time.perf_counter()
		names = seed(args.customers, retention)
		print(
			f"seeded {len(names):,} exited customers with their records in {time.perf_counter() - started:.1f} s"
		)
		total = transaction_total(names)

		print(f"retention {retention} days, erasure in chunks of {data_retention.CHUNK}:")
		request, propose = timed(
			"daily proposal (find due customers, one request)", data_retention.propose_erasure
		)
		frappe.db.commit()
		doc = frappe.get_doc(ERASURE, request)
		print(
			f"    {len(doc.customers):,} customers listed ({sum(r.customer.startswith(PREFIX) for r in doc.customers):,} seeded)"
		)
		enqueue = data_retention.enqueue_erasure
		data_retention.enqueue_erasure = lambda name: None  # time the job on its own below
		try:
			_, approve = timed("approval (workflow: Approve)", apply_workflow, doc.as_json(), "Approve")
			frappe.db.commit()
		finally:
			data_retention.enqueue_erasure = enqueue
		counts, erase = timed("erasure job", data_retention.run_erasure, request)
		print(f"    {counts}; {args.customers / erase:,.0f} customers/s")
		again, _seconds = timed("rerun (nothing left)", data_retention.run_erasure, request)
		print(f"    {again or 'no-op'}")
		print(f"  personal data left on seeded customers: {left_with_personal_data(names)}")
		print(f"  transactions total before/after: {total:,.2f} / {transaction_total(names):,.2f}")
		print(f"  total (proposal + approval + erasure): {propose + approve + erase:.1f} s")
	finally:
		if not args.keep:
			cleanup()
			print("benchmark rows removed")
		frappe.destroy()


if __name__ == "__main__":
	main()
