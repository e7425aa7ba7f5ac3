import frappe
from frappe.utils import add_days, add_months, get_first_day, getdate, nowdate

from crm_assign.exceptions import TransactionAmountError
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import log_rows, make_customer, make_manager


def make_transaction(customer, amount, transaction_date="2026-11-02", **values):
	"""An unsaved transaction (the tests insert and submit it themselves)."""
	return frappe.get_doc(
		{
			"doctype": "Customer Transaction",
			"customer": customer,
			"amount": amount,
			"transaction_date": transaction_date,
			**values,
		}
	)


class TestCustomerTransaction(FrappeTestCase):
	def test_sale_is_credited_to_the_owner(self):
		manager = make_manager("txn-owner")
		customer = make_customer("交易测试客户", account_manager=manager.name)
		sale = make_transaction(customer.name, 500).insert()
		self.assertEqual(sale.account_manager, manager.name)

	def test_zero_or_negative_amount_is_refused(self):
		customer = make_customer("金额错误客户")
		self.assertRaises(frappe.ValidationError, make_transaction(customer.name, -5).insert)
		self.assertRaises(TransactionAmountError, make_transaction(customer.name, 0).insert)

	def test_return_larger_than_sale_is_refused(self):
		customer = make_customer("退货客户")
		sale = make_transaction(customer.name, 300).insert()
		sale.submit()
		too_big = make_transaction(customer.name, 301, transaction_type="Return", return_against=sale.name)
		self.assertRaises(TransactionAmountError, too_big.insert)
		make_transaction(customer.name, 300, transaction_type="Return", return_against=sale.name).insert()


def today():
	return getdate(nowdate())


def ago(days: int) -> str:
	return str(add_days(today(), -days))


def months_ago(months: int) -> str:
	"""The 10th of the month `months` before this one."""
	return str(add_months(get_first_day(today()), -months).replace(day=10))


def ago_from(day: str, later_days: int) -> str:
	return str(add_days(getdate(day), later_days))


class TestTransactionEffects(FrappeTestCase):
	"""What a user sees on the customer after submitting or cancelling sales and returns."""

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def customer_values(self, name):
		return frappe.db.get_value(
			"Managed Customer",
			name,
			["first_deal_date", "last_activity_date", "total_sales_12m", "lifecycle_stage", "status"],
			as_dict=True,
		)

	def test_first_sale_sets_deal_dates_totals_and_logs_the_stage(self):
		manager = make_manager("fx-first")
		customer = make_customer("首单客户", account_manager=manager.name)
		make_transaction(customer.name, 1200, ago(40)).insert().submit()
		values = self.customer_values(customer.name)
		self.assertEqual(str(values.first_deal_date), ago(40))
		self.assertEqual(str(values.last_activity_date), ago(40))
		self.assertEqual(values.total_sales_12m, 1200)
		self.assertEqual(values.lifecycle_stage, "Deal")
		self.assertEqual(
			log_rows(
				"Lifecycle Log",
				{"customer": customer.name},
				["change_type", "from_value", "to_value", "source", "reference_doctype"],
			),
			[("Stage", "Potential", "Deal", "Transaction", "Customer Transaction")],
		)
		credits = frappe.get_all(
			"New Customer Credit",
			filters={"customer": customer.name},
			fields=["account_manager", "first_month", "source"],
		)
		self.assertEqual(
			[(c.account_manager, str(c.first_month), c.source) for c in credits],
			[(manager.name, str(get_first_day(ago(40))), "First Sale")],
		)

	def test_rolling_total_nets_returns_and_drops_sales_older_than_twelve_months(self):
		customer = make_customer("滚动合计客户")
		old = make_transaction(customer.name, 9000, str(add_months(today(), -12)))  # one day too old
		old.submit()
		sale = make_transaction(customer.name, 1000, ago(150))
		sale.submit()
		make_transaction(
			customer.name, 250, ago(130), transaction_type="Return", return_against=sale.name
		).submit()
		values = self.customer_values(customer.name)
		self.assertEqual(values.total_sales_12m, 750)
		self.assertEqual(str(values.first_deal_date), str(add_months(today(), -12)))
		self.assertEqual(str(values.last_activity_date), ago(130))

	def test_cancelling_recomputes_the_figures_and_removes_the_credit(self):
		manager = make_manager("fx-cancel")
		customer = make_customer("取消客户", account_manager=manager.name)
		first = make_transaction(customer.name, 500, ago(90))
		first.submit()
		second = make_transaction(customer.name, 700, ago(45))
		second.submit()
		first.cancel()
		values = self.customer_values(customer.name)
		self.assertEqual((str(values.first_deal_date), values.total_sales_12m), (ago(45), 700))
		self.assertFalse(frappe.db.exists("New Customer Credit", {"customer": customer.name}))

	def test_sales_in_n_months_make_a_partner(self):
		from crm_assign.tests.lifecycle_factories import set_lifecycle_settings

		set_lifecycle_settings(partner_after_months=3)
		customer = make_customer("伙伴客户")
		for day in (months_ago(3), months_ago(2), ago_from(months_ago(2), 1)):
			make_transaction(customer.name, 100, day).submit()
		self.assertEqual(self.customer_values(customer.name).lifecycle_stage, "Deal")
		make_transaction(customer.name, 100, months_ago(1)).submit()
		self.assertEqual(self.customer_values(customer.name).lifecycle_stage, "Partner")
		stages = frappe.get_all(
			"Lifecycle Log", filters={"customer": customer.name}, pluck="to_value", order_by="creation"
		)
		self.assertEqual(stages, ["Deal", "Partner"])

	def test_stage_by_hand_needs_a_reason_and_is_logged(self):
		from crm_assign.services.lifecycle.stages import set_lifecycle_stage

		customer = make_customer("手工阶段客户")
		self.assertRaises(frappe.ValidationError, set_lifecycle_stage, customer.name, "Partner", " ")
		set_lifecycle_stage(customer.name, "Partner", "签订框架合同")
		log = frappe.get_all(
			"Lifecycle Log", filters={"customer": customer.name}, fields=["to_value", "reason"]
		)
		self.assertEqual([(r.to_value, r.reason) for r in log], [("Partner", "签订框架合同")])

	def test_stage_edited_in_the_form_is_logged(self):
		customer = make_customer("表单阶段客户")
		customer.lifecycle_stage = "Intent"
		customer.save()
		self.assertEqual(
			log_rows("Lifecycle Log", {"customer": customer.name}, ["from_value", "to_value", "source"]),
			[("Potential", "Intent", "Manual")],
		)

	def test_bad_input_is_refused_with_clear_errors(self):
		customer = make_customer("错误输入客户")
		self.assertRaises(
			TransactionAmountError,
			make_transaction(customer.name, 10, transaction_date=str(add_days(today(), 1))).insert,
		)
		sale = make_transaction(customer.name, 300, ago(3))
		sale.insert()
		sale.submit()
		make_transaction(
			customer.name, 200, ago(2), transaction_type="Return", return_against=sale.name
		).insert().submit()
		second = make_transaction(
			customer.name, 150, ago(1), transaction_type="Return", return_against=sale.name
		)
		self.assertRaises(TransactionAmountError, second.insert)  # 200 + 150 > 300
		other = make_customer("另一客户")
		self.assertRaises(
			TransactionAmountError,
			make_transaction(
				other.name, 10, ago(1), transaction_type="Return", return_against=sale.name
			).insert,
		)
		linked = make_transaction(
			customer.name, 10, ago(1), reference_doctype="User", reference_name="Administrator"
		)
		self.assertRaises(frappe.ValidationError, linked.insert)
