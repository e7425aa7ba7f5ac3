import frappe

from crm_assign.exceptions import DuplicateRowError
from crm_assign.tests import FrappeTestCase


def make_policy(name, targets, default=0):
	return frappe.get_doc(
		{
			"doctype": "Service Level Policy",
			"policy_name": name,
			"default_policy": default,
			"targets": targets,
		}
	)


class TestServiceLevelPolicy(FrappeTestCase):
	def test_overlapping_targets_are_refused(self):
		policy = make_policy(
			"重叠策略",
			[
				{"severity": "High", "grade": "A", "response_hours": 1, "resolution_hours": 8},
				{"severity": "High", "grade": "A", "response_hours": 2, "resolution_hours": 16},
			],
		)
		self.assertRaises(DuplicateRowError, policy.insert)

	def test_resolution_shorter_than_response_is_refused(self):
		policy = make_policy("倒置策略", [{"severity": "Low", "response_hours": 8, "resolution_hours": 4}])
		self.assertRaises(frappe.ValidationError, policy.insert)

	def test_only_one_default_policy(self):
		target = [{"severity": "Low", "response_hours": 8, "resolution_hours": 40}]
		make_policy("默认一", target, default=1).insert()
		make_policy("默认二", target, default=1).insert()
		defaults = frappe.get_all("Service Level Policy", filters={"default_policy": 1}, pluck="name")
		self.assertEqual(defaults, ["默认二"])
