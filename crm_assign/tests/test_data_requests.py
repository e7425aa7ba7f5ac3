"""Data requests about one customer: the export (everything related, ID number in clear, logged, refused to
an Account Manager — in the site and over HTTP) and Frappe's Personal Data Deletion / Download Requests
reaching customers through `user_data_fields`."""

import io
import json
import os
import unittest
import zipfile
from unittest.mock import patch

import frappe
from frappe.query_builder import Table
from frappe.website.doctype.personal_data_download_request.personal_data_download_request import (
	get_user_data,
)

from crm_assign.services.data_protection.customer_records import CUSTOMER
from crm_assign.services.data_protection.data_requests import export_customer_data
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.data_request_factories import (
	MARK,
	cleanup,
	leave,
	marked_customer,
	rich_customer,
)
from crm_assign.tests.utils import log_rows, make_manager, make_user


def export_as(user: str, customer: str) -> tuple[dict, zipfile.ZipFile]:
	frappe.set_user(user)
	try:
		frappe.local.response = frappe._dict()
		export_customer_data(customer)
		response = frappe.local.response
	finally:
		frappe.set_user("Administrator")
	archive = zipfile.ZipFile(io.BytesIO(response.filecontent))
	return json.loads(archive.read("customer.json")), archive


class TestExport(FrappeTestCase):
	def setUp(self):
		frappe.db.savepoint("data_requests_test")
		frappe.db.set_single_value("CRM Assign Settings", "auto_assign_on_insert", 0)
		self.department = make_user("data-request-cm", ("Customer Manager",))
		self.owner = make_manager("data-request-am").name
		frappe.get_doc("User", self.owner).add_roles("Account Manager")
		self.files = []

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="data_requests_test")
		for path in self.files:
			if os.path.exists(path):
				os.remove(path)  # the rollback leaves files on disk

	def test_the_export_holds_the_customer_and_every_related_record_and_is_logged(self):
		world = rich_customer("导出客户", owner=self.owner)
		self.files = [world.file_path]
		leave(world.customer, 10)
		data, archive = export_as(self.department, world.customer)

		customer = data["customer"]
		self.assertEqual((customer["name"], customer["contact_person"]), (world.customer, "王先生"))
		self.assertEqual(customer["id_number"], world.id_number, "the encrypted ID number in clear")
		self.assertNotIn("id_number_hash", customer)
		records = data["records"]
		self.assertEqual([r["name"] for r in records["Customer Visit"]], [world.visit])
		self.assertEqual(
			records["Customer Visit"][0]["follow_ups"][0]["action"], "给王先生打电话 13800138000"
		)
		complaint = records["Customer Complaint"][0]
		self.assertEqual(
			(complaint["name"], complaint["status_log"][0]["status"]), (world.complaint, "Resolved")
		)
		self.assertEqual([r["name"] for r in records["Satisfaction Survey"]], [world.survey])
		self.assertEqual(
			[(r["name"], r["amount"]) for r in records["Customer Transaction"]], [(world.sale, 1234.5)]
		)
		self.assertEqual({r["to_value"] for r in records["Lifecycle Log"]}, {"Exited", "Deal"})
		self.assertIn("New Customer Credit", records)
		self.assertIn("王先生的太太也来过", [c["content"] for c in data["Comment"]])
		self.assertEqual([c["subject"] for c in data["Communication"]], ["给王先生的报价"])
		self.assertTrue(data["Version"])
		(attachment,) = data["File"]
		self.assertEqual(archive.read(attachment["path"]).decode(), "王先生的合同")

		self.assertEqual(
			log_rows(
				"Access Log",
				{"export_from": CUSTOMER, "reference_document": world.customer},
				["user", "method", "file_type"],
			),
			[(self.department, "Export Customer Data", "ZIP")],
		)

	def test_an_account_manager_cannot_export_even_their_own_customer(self):
		customer = marked_customer("自己的客户", account_manager=self.owner).name
		self.assertRaises(frappe.PermissionError, export_as, self.owner, customer)
		self.assertFalse(frappe.db.exists("Access Log", {"reference_document": customer}))


class TestPersonalDataRequests(FrappeTestCase):
	"""Frappe's own flows: the person has a website User with the e-mail the customers carry."""

	def setUp(self):
		frappe.db.savepoint("personal_data_test")
		frappe.db.set_single_value("CRM Assign Settings", "auto_assign_on_insert", 0)
		self.email = make_user(f"data-subject-{frappe.generate_hash(length=6)}")
		self.person = marked_customer(
			"个人客户",
			customer_type="Individual",
			email_id=self.email,
			contact_person="李女士",
			mobile_no="13600136000",
			id_number="110101198001011111",
			address="上海市某路2号",
		).name
		self.company = marked_customer(
			"公司客户",
			customer_type="Company",
			email_id=self.email,
			contact_person="李女士",
			mobile_no="13600136001",
			phone="021-66668888",
		).name
		company = frappe.get_doc(CUSTOMER, self.company)
		company.contact_person = "李女士（采购）"
		company.save(ignore_version=False)  # a Version that names the contact

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="personal_data_test")

	def test_download_request_data_includes_the_customers(self):
		data = json.loads(get_user_data(self.email))
		self.assertEqual({r["name"] for r in data[CUSTOMER]}, {self.person, self.company})

	@patch("frappe.sendmail")  # the flow's e-mails (confirmation, notice) are not what is tested here
	def test_deletion_request_erases_the_person_from_the_customers(self, _sendmail):
		request = frappe.get_doc({"doctype": "Personal Data Deletion Request", "email": self.email})
		request.insert(ignore_permissions=True)
		request.status = "Pending Approval"
		request.save()
		request.trigger_data_deletion()
		request.reload()
		self.assertEqual(request.status, "Deleted")

		person = frappe.db.get_value(CUSTOMER, self.person, ["*"], as_dict=True)
		self.assertEqual(person.customer_name, f"Anonymised {self.person}", "the person is the customer")
		for field in ("contact_person", "email_id", "mobile_no", "id_number", "address"):
			self.assertIsNone(person[field], field)
		auth = Table("__Auth")
		self.assertFalse(
			frappe.qb.from_(auth)
			.select(auth.name)
			.where((auth.doctype == CUSTOMER) & (auth.name == self.person))
			.run()
		)

		company = frappe.db.get_value(CUSTOMER, self.company, ["*"], as_dict=True)
		self.assertEqual(company.customer_name, "公司客户", "a company stays")
		for field in ("contact_person", "email_id", "mobile_no", "phone"):
			self.assertIsNone(company[field], field)
		versions = frappe.get_all("Version", {"ref_doctype": CUSTOMER, "docname": self.company}, pluck="data")
		self.assertTrue(versions)
		self.assertFalse([v for v in versions if "李女士" in v], "the contact left the Versions")


BASE_URL = os.environ.get("CRM_ASSIGN_BASE_URL")


@unittest.skipUnless(BASE_URL, "needs a served site: CRM_ASSIGN_BASE_URL")
class TestExportOverHttp(FrappeTestCase):
	"""The download route as the browser calls it: the department gets a zip, an Account Manager a 403."""

	def test_export_route(self):
		from crm_assign.tests.test_security_http import ADMIN_PASSWORD, Client

		admin = Client("Administrator", ADMIN_PASSWORD)
		token = frappe.generate_hash(length=6)
		password = f"Exp-{frappe.generate_hash(length=10)}!"
		created = []

		def insert(doctype, values):
			response = admin.request("POST", f"/api/resource/{doctype}", json=values)
			response.raise_for_status()
			created.append((doctype, response.json()["data"]["name"]))
			return response.json()["data"]["name"]

		try:
			users = {
				role: insert(
					"User",
					{
						"email": f"export-{role.split()[0].lower()}-{token}@test.crm-assign.example",
						"first_name": f"Export {token}",
						"send_welcome_email": 0,
						"new_password": password,
						"roles": [{"role": role}],
					},
				)
				for role in ("Account Manager", "Customer Manager")
			}
			manager = insert("Account Manager", {"user": users["Account Manager"], "capacity": 5})
			customer = insert(
				CUSTOMER,
				{
					"customer_name": f"导出HTTP客户 {token}",
					"account_manager": manager,
					"mobile_no": "13500135000",
					"industry": MARK,
				},
			)
			path = "/api/method/crm_assign.services.data_protection.data_requests.export_customer_data"
			as_manager = Client(users["Account Manager"], password).request(
				"GET", path, params={"customer": customer}
			)
			self.assertEqual(as_manager.status_code, 403)
			self.assertNotIn("13500135000", as_manager.text)
			as_department = Client(users["Customer Manager"], password).request(
				"GET", path, params={"customer": customer}
			)
			self.assertEqual(as_department.status_code, 200, as_department.text[:300])
			archive = zipfile.ZipFile(io.BytesIO(as_department.content))
			self.assertEqual(
				json.loads(archive.read("customer.json"))["customer"]["mobile_no"], "13500135000"
			)
		finally:  # the server committed these rows; this test process removes them
			cleanup()  # the marked customer and everything linked to it (logs, the export's Access Log row)
			for doctype, name in reversed(created):
				if doctype == "User":
					frappe.delete_doc(
						doctype, name, force=True, ignore_permissions=True, delete_permanently=True
					)
				elif doctype != CUSTOMER:
					frappe.db.delete(doctype, {"name": name})
			frappe.db.commit()
