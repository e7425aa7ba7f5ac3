import frappe

from crm_assign.exceptions import DuplicateRowError, InactiveManagerError
from crm_assign.services.lifecycle.stages import change_status
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import log_rows, make_customer, make_manager, make_region, make_skill, make_team


class TestManagedCustomer(FrappeTestCase):
	def test_naming_series_and_defaults(self):
		customer = make_customer("深圳测试科技有限公司")
		self.assertTrue(customer.name.startswith("CUST-"))
		self.assertEqual(
			(customer.grade, customer.lifecycle_stage, customer.status), ("C", "Potential", "Active")
		)

	def test_data_completeness_counts_filled_profile_fields(self):
		region = make_region("测试市")
		skill = make_skill("测试技能")
		bare = make_customer("空白客户")
		full = make_customer(
			"完整客户",
			customer_type="Company",
			industry="制造业",
			service_region=region,
			contact_person="张三",
			mobile_no="13800138000",
			email_id="zhangsan@example.cn",
			address="深圳市南山区",
			id_number="91440300MA5ABCDE1X",
			source_channel="Referral",
			expected_annual_value=100000,
			required_skills=[{"skill": skill}],
			contact_verified=1,
		)
		self.assertEqual(full.data_completeness, 100)
		# customer_name and customer_type (default Company) of 13 fields
		self.assertAlmostEqual(bare.data_completeness, round(100 * 2 / 13, 1))

	def test_verified_contact_is_dated_counts_for_completeness_and_lapses_with_a_new_mobile(self):
		customer = make_customer("核实客户", mobile_no="13800138001")
		unverified = customer.data_completeness
		customer.contact_verified = 1
		customer.save()
		self.assertEqual(str(customer.contact_verified_on), frappe.utils.today())
		self.assertAlmostEqual(customer.data_completeness, round(unverified + 100 / 13, 1), places=0)
		customer.phone = "010-12345678"
		customer.save()  # a new phone number has not been verified
		self.assertEqual((customer.contact_verified, customer.contact_verified_on), (0, None))
		customer.update({"contact_verified": 1, "mobile_no": "13800138002"})
		customer.save()  # verified together with the change
		self.assertEqual(customer.contact_verified, 1)
		self.assertTrue(customer.contact_verified_on)
		meta = frappe.get_meta("Managed Customer")
		self.assertEqual(meta.get_field("contact_verified").permlevel, 0)

	def test_owner_change_is_logged_once_and_loads_follow(self):
		team = make_team("测试一组")
		first = make_manager("cust-owner-1", service_team=team)
		second = make_manager("cust-owner-2")
		customer = make_customer("归属测试客户", account_manager=first.name)
		self.assertEqual(customer.service_team, team)
		self.assertEqual(frappe.db.get_value("Account Manager", first.name, "current_load"), 1)

		customer.account_manager = second.name
		customer.save()
		self.assertEqual(
			log_rows(
				"Ownership Log", {"customer": customer.name}, ["from_manager", "to_manager", "change_type"]
			),
			[(None, first.name, "Manual"), (first.name, second.name, "Manual")],
		)
		self.assertEqual(frappe.db.get_value("Account Manager", first.name, "current_load"), 0)
		self.assertEqual(frappe.db.get_value("Account Manager", second.name, "current_load"), 1)

		customer.notes = "no owner change"
		customer.save()
		self.assertEqual(frappe.db.count("Ownership Log", {"customer": customer.name}), 2)

	def test_the_owners_load_follows_status_changes_of_the_lifecycle(self):
		manager = make_manager("cust-status-load")
		customer = make_customer("状态负载客户", account_manager=manager.name)

		def load():
			return frappe.db.get_value("Account Manager", manager.name, "current_load")

		self.assertEqual(load(), 1)
		for status, expected in (("Dormant", 1), ("Exited", 0), ("Blacklisted", 0), ("Active", 1)):
			change_status(customer.name, status, "Manual")
			self.assertEqual(load(), expected, status)

	def test_inactive_manager_cannot_receive_customers(self):
		manager = make_manager("cust-inactive", status="Inactive")
		customer = frappe.get_doc(
			{"doctype": "Managed Customer", "customer_name": "停用经理客户", "account_manager": manager.name}
		)
		self.assertRaises(InactiveManagerError, customer.insert)

	def test_same_skill_twice_is_refused(self):
		skill = make_skill("重复技能")
		customer = frappe.get_doc(
			{
				"doctype": "Managed Customer",
				"customer_name": "重复技能客户",
				"required_skills": [{"skill": skill}, {"skill": skill}],
			}
		)
		self.assertRaises(DuplicateRowError, customer.insert)

	def test_sensitive_contact_fields_are_on_permlevel_one(self):
		meta = frappe.get_meta("Managed Customer")
		for fieldname in ("mobile_no", "phone", "email_id", "id_number", "id_number_hash", "address"):
			self.assertEqual(meta.get_field(fieldname).permlevel, 1, fieldname)
		self.assertEqual(meta.get_field("customer_name").permlevel, 0)
