"""Business users extend Managed Customer in Desk (Customize Form) without code; it survives migrate."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_field
from frappe.custom.doctype.property_setter.property_setter import make_property_setter

from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer

DOCTYPE = "Managed Customer"


class TestCustomization(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()  # the customers made after the last DDL; the commit below must not keep them
		frappe.delete_doc_if_exists("Custom Field", f"{DOCTYPE}-wechat_id")
		for name in frappe.get_all(
			"Property Setter", filters={"doc_type": DOCTYPE, "field_name": "industry"}, pluck="name"
		):
			frappe.delete_doc("Property Setter", name)
		# adding a custom field alters the table, and MariaDB commits on DDL: undo it for good
		frappe.db.commit()
		frappe.clear_cache(doctype=DOCTYPE)

	def test_custom_field_and_property_setter_work_and_survive_a_doctype_resync(self):
		create_custom_field(
			DOCTYPE,
			{
				"fieldname": "wechat_id",
				"label": "WeChat ID",
				"fieldtype": "Data",
				"insert_after": "contact_person",
				"in_list_view": 1,
			},
		)
		make_property_setter(DOCTYPE, "industry", "reqd", 1, "Check")

		# what `bench migrate` does to the app's DocType: re-import it from its JSON
		frappe.reload_doc("customer_assignment", "doctype", "managed_customer", force=True)
		frappe.clear_cache(doctype=DOCTYPE)

		meta = frappe.get_meta(DOCTYPE)
		self.assertEqual(meta.get_field("wechat_id").label, "WeChat ID")
		self.assertTrue(meta.get_field("wechat_id").in_list_view)
		self.assertEqual(meta.get_field("industry").reqd, 1)

		self.assertRaises(frappe.MandatoryError, make_customer, "缺行业客户")
		customer = make_customer("微信客户", industry="零售", wechat_id="wx_zhang")
		listed = frappe.get_list(DOCTYPE, filters={"name": customer.name}, fields=["wechat_id"])
		self.assertEqual(listed[0].wechat_id, "wx_zhang")
