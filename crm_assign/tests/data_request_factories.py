"""Factories for the data-request and retention tests: a customer with every kind of related record.

The erasure job commits at chunk boundaries by design, so those tests commit their data; every customer made
here carries the industry MARK (kept by the anonymisation) and `cleanup()` removes them with everything
linked to them, whatever their name has become.
"""

import frappe
from frappe.desk.doctype.tag.tag import add_tag
from frappe.utils import add_days, now_datetime, nowdate

from crm_assign.services.data_protection.customer_records import (
	ATTACHED,
	CUSTOMER,
	customer_links,
	related_records,
)
from crm_assign.services.lifecycle.stages import change_status
from crm_assign.tests.lifecycle_factories import make_transaction
from crm_assign.tests.utils import make_customer

MARK = "数据保存测试行业"
ERASURE, ITEM = "Customer Data Erasure", "Customer Data Erasure Item"
ID_NUMBER = "11010119900101123"


def insert_row(doctype: str, **values) -> str:
	"""Write a record exactly as given (no controller, no workflow), its child rows included."""
	doc = frappe.new_doc(doctype)
	doc.update({k: v for k, v in values.items() if not isinstance(v, list)})
	doc.set_new_name()
	for fieldname, rows in values.items():
		if isinstance(rows, list):
			for row in rows:
				doc.append(fieldname, row)
	doc.db_insert()
	for child in doc.get_all_children():
		child.db_insert()
	return doc.name


def marked_customer(name: str, **values):
	return make_customer(name, industry=MARK, **values)


def leave(customer: str, days_ago: int, status: str = "Exited") -> None:
	"""Exit (or blacklist) the customer, logged as if it happened `days_ago` days ago."""
	change_status(customer, status, "Exit", f"{customer} 王先生 13800138000 要求退出")
	log = frappe.qb.DocType("Lifecycle Log")
	frappe.qb.update(log).set(log.changed_at, add_days(now_datetime(), -days_ago)).where(
		log.customer == customer
	).run()


def rich_customer(name: str, owner: str | None = None, number: int = 0) -> frappe._dict:
	"""A customer with contact data and an ID number, a visit with a follow-up, a complaint with its status
	log, a survey, a submitted sale, a comment, a communication, an attached file and a Version."""
	customer = marked_customer(
		name,
		account_manager=owner,
		customer_type="Individual",
		contact_person="王先生",
		email_id=f"retention-{frappe.generate_hash(length=8)}@retention.example",
		mobile_no=f"1380013800{number}",
		phone="010-88886666",
		id_number=f"{ID_NUMBER}{number}",
		address="北京市东城区某路1号",
		notes="喜欢周二联系",
		contact_verified=1,
	)
	customer.reload()
	customer.notes = "喜欢周三联系"
	customer.save(ignore_version=False)  # a Version of the customer (tests skip them unless asked)
	visit = insert_row(
		"Customer Visit",
		visit_type="Outbound Visit",
		customer=customer.name,
		customer_name=customer.customer_name,
		account_manager=owner,
		status="Completed",
		planned_start=f"{add_days(nowdate(), -20)} 10:00:00",
		completed_on=f"{add_days(nowdate(), -20)} 11:00:00",
		purpose="与王先生面谈续约",
		outcome="王先生家住东城区",
		satisfaction=0.8,
		follow_ups=[{"action": "给王先生打电话 13800138000", "due_date": nowdate()}],
	)
	complaint = insert_row(
		"Customer Complaint",
		subject="王先生投诉送货",
		customer=customer.name,
		customer_name=customer.customer_name,
		account_manager=owner,
		status="Resolved",
		opened_on=f"{add_days(nowdate(), -15)} 09:00:00",
		resolved_on=f"{add_days(nowdate(), -14)} 09:00:00",
		description="王先生的手机 13800138000",
		satisfaction=0.6,
		status_log=[{"status": "Resolved", "changed_on": now_datetime(), "changed_by": "Administrator"}],
	)
	frappe.get_doc(
		{
			"doctype": "Version",
			"ref_doctype": "Customer Visit",
			"docname": visit,
			"data": frappe.as_json({"changed": [["outcome", "", "王先生家住东城区"]]}),
		}
	).insert(ignore_permissions=True)
	survey = insert_row(
		"Satisfaction Survey",
		reference_doctype="Customer Complaint",
		reference_name=complaint,
		customer=customer.name,
		customer_name=customer.customer_name,
		rating=0.6,
		comment="王先生说还行",
		token="secret-token",
	)
	sale = make_transaction(customer.name, 1234.5, add_days(nowdate(), -30), account_manager=owner)
	customer = frappe.get_doc(CUSTOMER, customer.name)
	customer.add_comment("Comment", "王先生的太太也来过")
	add_tag("数据保存测试标签", CUSTOMER, customer.name)  # its Tag Link holds the customer's name
	frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Sent",
			"subject": "给王先生的报价",
			"content": "王先生您好",
			"reference_doctype": CUSTOMER,
			"reference_name": customer.name,
		}
	).insert(ignore_permissions=True)
	attachment = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{customer.name}-合同.txt",
			"attached_to_doctype": CUSTOMER,
			"attached_to_name": customer.name,
			"content": "王先生的合同",
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	return frappe._dict(
		customer=customer.name,
		visit=visit,
		complaint=complaint,
		survey=survey,
		sale=sale.name,
		file=attachment.name,
		file_path=attachment.get_full_path(),
		id_number=f"{ID_NUMBER}{number}",
		mobile_no=f"1380013800{number}",
	)


def marked_customers() -> list[str]:
	return frappe.get_all(CUSTOMER, filters={"industry": MARK}, pluck="name")


def cleanup() -> None:
	"""Remove the marked customers and everything linked to them (the logs are append-only for users, not
	for test cleanup), and the erasure requests that list them."""
	customers = marked_customers()
	if customers:
		for request in set(frappe.get_all(ITEM, filters={"customer": ("in", customers)}, pluck="parent")):
			frappe.db.delete(ITEM, {"parent": request})
			frappe.db.delete("Notification Log", {"document_type": ERASURE, "document_name": request})
			frappe.db.delete(ERASURE, {"name": request})
		related = related_records(customers, customer_links())
		records = {CUSTOMER: customers, **{d: list(rows) for d, rows in related.items()}}
		for doctype, names in records.items():
			for df in frappe.get_meta(doctype).get_table_fields():
				frappe.db.delete(df.options, {"parenttype": doctype, "parent": ("in", names)})
			for core, doctype_column, name_column in ATTACHED:
				frappe.db.delete(core, {doctype_column: doctype, name_column: ("in", names)})
			frappe.db.delete("__Auth", {"doctype": doctype, "name": ("in", names)})
			frappe.db.delete("Access Log", {"export_from": doctype, "reference_document": ("in", names)})
			frappe.db.delete(doctype, {"name": ("in", names)})
	frappe.db.commit()
