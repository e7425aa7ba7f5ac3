"""The set-based completeness refresh stores what saving each customer stores (the pure core's rule)."""

import frappe

from crm_assign.core.completeness import CUSTOMER_PROFILE_FIELDS
from crm_assign.services.lifecycle.completeness import refresh_data_completeness
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_region, make_skill


class TestDataCompletenessRefresh(FrappeTestCase):
	def test_refresh_in_sql_equals_the_value_computed_on_save(self):
		region = make_region("完整度市")
		skill = make_skill("完整度技能")
		customers = [
			make_customer("完整度空白客户", customer_type="Individual"),
			make_customer("完整度部分客户", industry="  ", mobile_no="13800138009", contact_verified=1),
			make_customer(
				"完整度完整客户",
				industry="制造业",
				service_region=region,
				contact_person="李四",
				mobile_no="13800138010",
				email_id="lisi@example.cn",
				address="北京市海淀区",
				id_number="110101199003070011",
				source_channel="Referral",
				expected_annual_value=5000,
				required_skills=[{"skill": skill}],
				contact_verified=1,
			),
		]
		on_save = {c.name: c.data_completeness for c in customers}
		self.assertEqual(on_save[customers[2].name], 100)
		self.assertEqual(on_save[customers[1].name], round(100 * 4 / len(CUSTOMER_PROFILE_FIELDS), 1))
		names = list(on_save)
		customer = frappe.qb.DocType("Managed Customer")
		frappe.qb.update(customer).set(customer.data_completeness, 0).where(customer.name.isin(names)).run()

		refresh_data_completeness()

		stored = dict(
			frappe.get_all(
				"Managed Customer",
				filters={"name": ("in", names)},
				fields=["name", "data_completeness"],
				as_list=True,
			)
		)
		self.assertEqual({n: float(v) for n, v in stored.items()}, {n: float(v) for n, v in on_save.items()})
