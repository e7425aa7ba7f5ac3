"""ID / registration numbers encrypted at rest (issue 4, item 5): ciphertext in __Auth, a mask in the column,
the keyed hash for duplicate and blacklist matching, reveals only for readers of the field (logged), and the
patch that encrypts numbers stored in clear before. Over HTTP: test_security_http.py."""

import json

import frappe
from frappe.utils.password import get_decrypted_password

from crm_assign.customer_assignment.report.customer_access_log import customer_access_log
from crm_assign.exceptions import BlacklistedCustomerError, DuplicateCustomerError
from crm_assign.patches.v1_0 import encrypt_id_numbers
from crm_assign.permissions.audit import SHOW_ID_NUMBER
from crm_assign.permissions.id_numbers import reveal_id_number
from crm_assign.services.data_protection.id_numbers import id_number_hash
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager, make_team, make_user

MC = "Managed Customer"
BL = "Customer Blacklist"


def stored_row(doctype: str, name: str) -> dict:
	"""The row as the database holds it (no document, no permissions)."""
	table = frappe.qb.DocType(doctype)
	return frappe.qb.from_(table).select("*").where(table.name == name).run(as_dict=True)[0]


def auth_password(doctype: str, name: str) -> str | None:
	auth = frappe.qb.Table("__Auth")
	rows = (
		frappe.qb.from_(auth)
		.select(auth.password)
		.where((auth.doctype == doctype) & (auth.name == name) & (auth.fieldname == "id_number"))
		.run()
	)
	return rows[0][0] if rows else None


class TestIdNumberEncryption(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.leader = make_user("enc-leader", ("Team Leader",))
		make_team("Enc Team A", leader=cls.leader)
		make_team("Enc Team B")
		cls.owner = make_manager("enc-owner", service_team="Enc Team A").name
		cls.other = make_manager("enc-other", service_team="Enc Team B").name
		cls.receptionist = make_user("enc-reception", ("Receptionist",))

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_number_is_stored_encrypted_and_read_back(self):
		number = "91440300MA5ENC0001"
		customer = make_customer("加密客户", account_manager=self.owner, id_number=f" {number} ")

		row = stored_row(MC, customer.name)
		self.assertEqual(row.id_number, "*" * len(number))
		self.assertEqual(row.id_number_hash, id_number_hash(number))
		self.assertFalse([k for k, v in row.items() if number in str(v)])
		ciphertext = auth_password(MC, customer.name)
		self.assertNotIn(number, ciphertext)
		self.assertEqual(get_decrypted_password(MC, customer.name, "id_number"), number)

		# a save that does not touch the number keeps it (the form sends the mask back)
		customer.reload()
		customer.grade = "A"
		customer.save(ignore_version=False)  # tests skip Version rows unless asked
		self.assertEqual(auth_password(MC, customer.name), ciphertext)
		self.assertEqual(stored_row(MC, customer.name).id_number_hash, id_number_hash(number))

		# a new number replaces it; no Version row holds either number
		customer.id_number = "91440300MA5ENC0009"
		customer.save(ignore_version=False)
		self.assertEqual(get_decrypted_password(MC, customer.name, "id_number"), "91440300MA5ENC0009")
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": MC, "docname": customer.name}, pluck="data"
		)
		self.assertTrue(versions)
		self.assertFalse([v for v in versions if number in v or "91440300MA5ENC0009" in v])

		# the owner's list shows the mask only
		frappe.set_user(self.owner)
		listed = frappe.get_list(MC, filters={"name": customer.name}, fields=["id_number"])
		self.assertEqual(listed[0].id_number, "*" * 18)
		frappe.set_user("Administrator")

		customer.id_number = ""
		customer.save()
		self.assertIsNone(auth_password(MC, customer.name))
		self.assertIsNone(stored_row(MC, customer.name).id_number_hash)

	def test_a_copied_mask_is_no_number(self):
		customer = make_customer("掩码来源", id_number="91440300MA5ENC0010")
		copy = make_customer("掩码副本", id_number=stored_row(MC, customer.name).id_number)
		self.assertIsNone(stored_row(MC, copy.name).id_number)
		self.assertIsNone(stored_row(MC, copy.name).id_number_hash)

	def test_duplicates_are_found_by_the_hash_of_the_normal_form(self):
		first = make_customer("证件号一", id_number="91440300MA5ENC0002")
		with self.assertRaises(DuplicateCustomerError) as caught:
			make_customer("证件号二", id_number="91440300-ma5enc 0002")
		self.assertIn(first.name, str(caught.exception))

		second = make_customer("证件号三", id_number="91440300MA5ENC0003")
		second.id_number = "91440300ma5enc0002"
		self.assertRaises(DuplicateCustomerError, second.save)

	def test_blacklist_entries_are_matched_by_the_hash(self):
		entry = frappe.get_doc(
			{
				"doctype": BL,
				"customer_name": "失信企业",
				"id_number": "91440300 ma5enc 0004",
				"reason": "Fraud",
			}
		).insert()
		row = stored_row(BL, entry.name)
		self.assertEqual(
			(row.id_number, row.id_number_hash), ("*" * 18, id_number_hash("91440300MA5ENC0004"))
		)
		self.assertEqual(get_decrypted_password(BL, entry.name, "id_number"), "91440300MA5ENC0004")
		with self.assertRaises(BlacklistedCustomerError) as caught:
			make_customer("失信企业新公司", id_number="91440300MA5ENC0004")
		self.assertIn(entry.name, str(caught.exception))

		# an entry for a customer takes the customer's number (decrypted, encrypted again for the entry)
		customer = make_customer("将被拉黑", id_number="91440300MA5ENC0005")
		entry = frappe.get_doc({"doctype": BL, "customer": customer.name, "reason": "Credit"}).insert()
		self.assertEqual(get_decrypted_password(BL, entry.name, "id_number"), "91440300MA5ENC0005")
		self.assertEqual(
			stored_row(BL, entry.name).id_number_hash, stored_row(MC, customer.name).id_number_hash
		)
		self.assertRaises(
			BlacklistedCustomerError, make_customer, "将被拉黑二号", id_number="91440300MA5ENC0005"
		)

	def test_only_readers_of_the_field_see_the_number_and_each_reveal_is_logged(self):
		customer = make_customer("查看证件号", account_manager=self.owner, id_number="91440300MA5ENC0006")

		for user in (self.owner, self.leader):
			frappe.set_user(user)
			self.assertEqual(reveal_id_number(MC, customer.name), "91440300MA5ENC0006")
		frappe.set_user("Administrator")
		logged = frappe.get_all(
			"Access Log",
			filters={"export_from": MC, "reference_document": customer.name, "method": SHOW_ID_NUMBER},
			pluck="user",
		)
		self.assertEqual(sorted(logged), sorted([self.owner, self.leader]))
		# the Customer Access Log report lists the leader's reveal (reads by the owner are not listed)
		_columns, data, *_rest = customer_access_log.execute(frappe._dict(customer=customer.name))
		self.assertEqual([(r.user, r.action) for r in data], [(self.leader, "Show ID Number")])

		for user in (self.other, self.receptionist):  # another team's manager; a reader of basic fields
			frappe.set_user(user)
			self.assertRaises(frappe.PermissionError, reveal_id_number, MC, customer.name)
		frappe.set_user(self.owner)
		self.assertRaises(frappe.PermissionError, reveal_id_number, "User", self.owner)

	def test_the_patch_encrypts_numbers_stored_in_clear(self):
		customer = make_customer("旧数据客户")
		entry = frappe.get_doc(
			{"doctype": BL, "customer_name": "旧黑名单", "mobile_no": "13700007777", "reason": "Other"}
		).insert()
		for doctype, name, number in ((MC, customer.name, "91440300MA5OLD0001"), (BL, entry.name, "OLD0002")):
			table = frappe.qb.DocType(doctype)
			frappe.qb.update(table).set(table.id_number, number).where(table.name == name).run()
		version = frappe.get_doc(
			{
				"doctype": "Version",
				"ref_doctype": BL,
				"docname": entry.name,
				"data": json.dumps({"changed": [["id_number", None, "OLD0002"], ["phone", None, "1"]]}),
			}
		)
		version.db_insert()

		encrypt_id_numbers.execute()
		encrypt_id_numbers.execute()  # a second run changes nothing

		for doctype, name, number in ((MC, customer.name, "91440300MA5OLD0001"), (BL, entry.name, "OLD0002")):
			row = stored_row(doctype, name)
			self.assertEqual((row.id_number, row.id_number_hash), ("*" * len(number), id_number_hash(number)))
			self.assertEqual(get_decrypted_password(doctype, name, "id_number"), number)
		data = json.loads(frappe.db.get_value("Version", version.name, "data"))
		self.assertEqual(data["changed"], [["phone", None, "1"]])
		self.assertRaises(DuplicateCustomerError, make_customer, "旧数据重复", id_number="91440300MA5OLD0001")
