import frappe
from frappe.utils.password import get_decrypted_password

from crm_assign.demo.generate import DEMO_EMAIL_DOMAIN, DEMO_PREFIX, DemoSize, make_demo, remove_demo
from crm_assign.services.data_protection.id_numbers import id_number_hash
from crm_assign.tests import FrappeTestCase


def demo_count(doctype: str) -> int:
	return frappe.db.count(doctype, {"name": ("like", f"{DEMO_PREFIX}%")})


class TestDemo(FrappeTestCase):
	def setUp(self):
		from crm_assign.demo.generate import demo_exists

		if demo_exists():  # never wipe a developer's demo site; CI runs on a fresh site
			self.skipTest("this site already holds demo data")

	def tearDown(self):
		remove_demo()

	def test_small_demo_loads_every_table_and_resets(self):
		size = DemoSize(customers=300, managers=12, visits=500, transactions=400, complaints=40, seed=7)
		report = make_demo(size, show_progress=False)
		self.assertEqual(demo_count("Managed Customer"), 300)
		self.assertEqual(demo_count("Customer Visit"), 500)
		self.assertEqual(demo_count("Customer Transaction"), 400)
		self.assertEqual(demo_count("Customer Complaint"), 40)
		self.assertEqual(frappe.db.count("Account Manager", {"name": ("like", f"%@{DEMO_EMAIL_DOMAIN}")}), 12)
		self.assertEqual(report["customers"]["rows"], 300)

		# demo documents open like any other and loads match the owners
		customer = frappe.get_doc("Managed Customer", f"{DEMO_PREFIX}CUST-0000001")
		self.assertTrue(customer.customer_name)
		manager = frappe.get_all(
			"Account Manager",
			fields=["name", "current_load"],
			filters={"name": ("like", f"%@{DEMO_EMAIL_DOMAIN}"), "current_load": (">", 0)},
			limit=1,
		)[0]
		self.assertEqual(
			manager.current_load,
			frappe.db.count(
				"Managed Customer", {"account_manager": manager.name, "status": ("in", ["Active", "Dormant"])}
			),
		)

		# total capacity covers the customers, so the allocation engine has room
		capacity = sum(
			frappe.get_all(
				"Account Manager", filters={"name": ("like", f"%@{DEMO_EMAIL_DOMAIN}")}, pluck="capacity"
			)
		)
		self.assertGreater(capacity, 300)

		# ID numbers are stored encrypted with their keyed hash (crm_assign/services/data_protection/id_numbers.py)
		row = frappe.get_all(
			"Managed Customer",
			filters={"name": ("like", f"{DEMO_PREFIX}%"), "id_number_hash": ("is", "set")},
			fields=["name", "id_number", "id_number_hash"],
			limit=1,
		)[0]
		number = get_decrypted_password("Managed Customer", row.name, "id_number")
		self.assertEqual((row.id_number, row.id_number_hash), ("*" * len(number), id_number_hash(number)))

		self.assertRaises(frappe.ValidationError, make_demo, size, show_progress=False)
		make_demo(DemoSize(customers=50, managers=5, seed=8), reset=True, show_progress=False)
		self.assertEqual(demo_count("Managed Customer"), 50)
		self.assertEqual(demo_count("Customer Visit"), 100)
		encrypted = frappe.db.sql(
			"select count(*) from `__Auth` where doctype = 'Managed Customer' and name like %s",
			(f"{DEMO_PREFIX}%",),
		)[0][0]
		self.assertEqual(
			encrypted,
			frappe.db.count(
				"Managed Customer", {"name": ("like", f"{DEMO_PREFIX}%"), "id_number_hash": ("is", "set")}
			),
		)

	def test_same_seed_gives_the_same_data(self):
		make_demo(DemoSize(customers=20, managers=3, seed=11), show_progress=False)
		first = frappe.get_all(
			"Managed Customer",
			filters={"name": ("like", f"{DEMO_PREFIX}%")},
			fields=["name", "customer_name", "grade"],
			order_by="name",
		)
		make_demo(DemoSize(customers=20, managers=3, seed=11), reset=True, show_progress=False)
		second = frappe.get_all(
			"Managed Customer",
			filters={"name": ("like", f"{DEMO_PREFIX}%")},
			fields=["name", "customer_name", "grade"],
			order_by="name",
		)
		self.assertEqual(first, second)

	def test_each_staff_role_has_a_demo_user_who_logs_in_with_the_given_password(self):
		from frappe.utils.password import check_password

		from crm_assign.demo.generate import PERSONAS

		make_demo(DemoSize(customers=10, managers=2, seed=3), show_progress=False, password="Demo-Pass-42")
		for key, role in PERSONAS.items():
			user = f"demo-{key}@{DEMO_EMAIL_DOMAIN}"
			self.assertIn(role, frappe.get_roles(user), user)
			self.assertEqual(check_password(user, "Demo-Pass-42"), user)
			self.assertRaises(frappe.AuthenticationError, check_password, user, "wrong")
		remove_demo()
		self.assertFalse(
			frappe.db.sql(
				"select name from `__Auth` where doctype = 'User' and name like %s",
				(f"%@{DEMO_EMAIL_DOMAIN}",),
			)
		)
