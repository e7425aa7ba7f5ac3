"""Customers and account managers load from CSV through Frappe's own Data Import.

Frappe's importer commits after every good row (a failed row is rolled back alone), so these tests remove
what they imported and commit that removal themselves.
"""

import frappe
from frappe.core.doctype.data_import.data_import import download_template
from frappe.utils.password import get_decrypted_password

from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import TEST_DOMAIN, make_manager, make_region

BATCH = "导入测试"


def run_import(doctype: str, csv_text: str) -> "frappe.model.document.Document":
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{frappe.scrub(doctype)}-import.csv",
			"content": csv_text,
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"import_file": file.file_url,
		}
	).insert()
	frappe.db.commit()  # the importer rolls back failed rows; keep the Data Import itself
	data_import.start_import()
	data_import.reload()
	return data_import


class TestDataImport(FrappeTestCase):
	def tearDown(self):
		for name in frappe.get_all(
			"Managed Customer", filters={"customer_name": ("like", f"{BATCH}%")}, pluck="name"
		):
			frappe.delete_doc("Managed Customer", name, force=True, ignore_permissions=True)
		for name in frappe.get_all(
			"Account Manager", filters={"name": ("like", f"import-%@{TEST_DOMAIN}")}, pluck="name"
		):
			frappe.delete_doc("Account Manager", name, force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_invalid_values_stop_the_whole_import_with_the_row_named(self):
		region = make_region("导入市")
		frappe.db.commit()
		rows = [
			"Customer Name,Grade,Lifecycle Stage,Status,Service Region,Mobile No",
			*(f"{BATCH}{i},B,Intent,Active,{region},1380013800{i}" for i in range(5)),
			f"{BATCH}坏等级,Z,Intent,Active,{region},13800138009",
		]
		data_import = run_import("Managed Customer", "\n".join(rows) + "\n")

		self.assertEqual(data_import.status, "Pending")
		warnings = frappe.parse_json(data_import.template_warnings)
		self.assertIn(7, [w.get("row") for w in warnings])
		self.assertEqual(frappe.db.count("Managed Customer", {"customer_name": ("like", f"{BATCH}%")}), 0)

	def test_rows_refused_on_insert_are_logged_and_the_rest_imported(self):
		region = make_region("导入市")
		inactive = make_manager("import-inactive", status="Inactive").name
		frappe.db.commit()
		rows = [
			"Customer Name,Grade,Lifecycle Stage,Status,Service Region,Mobile No,Account Manager",
			*(f"{BATCH}{i},B,Intent,Active,{region},1380013800{i}," for i in range(5)),
			f"{BATCH}停用经理,A,Intent,Active,{region},13800138010,{inactive}",
		]
		data_import = run_import("Managed Customer", "\n".join(rows) + "\n")

		self.assertEqual(data_import.status, "Partial Success")
		imported = frappe.get_all(
			"Managed Customer",
			filters={"customer_name": ("like", f"{BATCH}%")},
			fields=["customer_name", "grade", "mobile_no"],
		)
		self.assertEqual(sorted(c.customer_name for c in imported), [f"{BATCH}{i}" for i in range(5)])
		self.assertTrue(all(c.grade == "B" and c.mobile_no.startswith("138") for c in imported))

		failed = frappe.get_all(
			"Data Import Log",
			filters={"data_import": data_import.name, "success": 0},
			fields=["row_indexes", "messages"],
		)
		self.assertEqual([frappe.parse_json(log.row_indexes) for log in failed], [[7]])
		self.assertIn("inactive", failed[0].messages)

	def test_account_managers_import(self):
		users = [f"import-{i}@{TEST_DOMAIN}" for i in range(3)]
		for user in users:
			if not frappe.db.exists("User", user):
				frappe.get_doc(
					{
						"doctype": "User",
						"email": user,
						"first_name": user.split("@")[0],
						"send_welcome_email": 0,
					}
				).insert()
		frappe.db.commit()
		rows = [
			"User,Level,Status,Capacity (Max Customers),Performance Score",
			*(f"{u},Senior,Active,40,90" for u in users),
		]
		data_import = run_import("Account Manager", "\n".join(rows) + "\n")
		self.assertEqual(data_import.status, "Success")
		self.assertEqual(
			frappe.db.get_value("Account Manager", users[0], ["level", "capacity"]), ("Senior", 40)
		)

	def test_imported_id_numbers_are_encrypted_and_matched(self):
		region = make_region("导入市")
		frappe.db.commit()
		rows = [
			"Customer Name,Grade,Lifecycle Stage,Status,Service Region,ID / Registration Number",
			f"{BATCH}证件一,B,Intent,Active,{region},91440300MA5IMP0001",
			f"{BATCH}证件重复,B,Intent,Active,{region},91440300-ma5imp0001",
		]
		data_import = run_import("Managed Customer", "\n".join(rows) + "\n")

		self.assertEqual(data_import.status, "Partial Success")
		name = frappe.db.get_value("Managed Customer", {"customer_name": f"{BATCH}证件一"})
		self.assertEqual(frappe.db.get_value("Managed Customer", name, "id_number"), "*" * 18)
		self.assertEqual(get_decrypted_password("Managed Customer", name, "id_number"), "91440300MA5IMP0001")
		self.assertFalse(frappe.db.exists("Managed Customer", {"customer_name": f"{BATCH}证件重复"}))
		refused = frappe.get_all(
			"Data Import Log", filters={"data_import": data_import.name, "success": 0}, pluck="messages"
		)
		self.assertIn(name, refused[0])  # the duplicate is named, the number is not repeated in the log
		self.assertNotIn("ma5imp", refused[0].lower())

	def test_template_download_offers_the_customer_columns(self):
		download_template(
			"Managed Customer",
			export_fields={"Managed Customer": ["customer_name", "grade", "mobile_no"]},
			file_type="CSV",
		)
		template = frappe.response.result
		self.assertIn("Customer Name", template)
		self.assertIn("Mobile No", template)
