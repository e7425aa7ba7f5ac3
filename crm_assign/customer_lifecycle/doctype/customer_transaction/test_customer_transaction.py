import frappe

from crm_assign.exceptions import TransactionAmountError
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer, make_manager


def make_transaction(customer, amount, **values):
	return frappe.get_doc(
		{
			"doctype": "Customer Transaction",
			"customer": customer,
			"amount": amount,
			"transaction_date": "2026-11-02",
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
		too_big = make_transaction(customer.name, 301, transaction_type="Return", return_against=sale.name)
		self.assertRaises(TransactionAmountError, too_big.insert)
		make_transaction(customer.name, 300, transaction_type="Return", return_against=sale.name).insert()
