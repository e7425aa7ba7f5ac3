import frappe
from frappe.utils.nestedset import NestedSetRecursionError

from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_region


class TestServiceRegion(FrappeTestCase):
	def test_country_province_city_tree(self):
		make_region("测试国", region_type="Country", is_group=1)
		make_region("测试省", parent="测试国", region_type="Province", is_group=1)
		make_region("测试城", parent="测试省")
		country = frappe.get_doc("Service Region", "测试国")
		city = frappe.get_doc("Service Region", "测试城")
		self.assertTrue(country.lft < city.lft < city.rgt < country.rgt)

		country.parent_service_region = "测试省"
		self.assertRaises(NestedSetRecursionError, country.save)

	def test_coordinates_out_of_range_are_refused(self):
		region = frappe.get_doc({"doctype": "Service Region", "region_name": "坐标错误", "latitude": 95})
		self.assertRaises(frappe.ValidationError, region.insert)
