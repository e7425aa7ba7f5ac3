"""Hand-made months for the development incentive, with the figures worked out from the rules by hand."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_assign.core.incentives import (
	DevelopedCustomer,
	IncentivePolicy,
	IncentivePolicyError,
	Tier,
	compute_statement,
)

MARCH = date(2026, 3, 1)


def customer(name, first_month, sales=(0, 0, 0), returns=(0, 0, 0), fabricated_in=None):
	return DevelopedCustomer(
		name, first_month, tuple(D(str(s)) for s in sales), tuple(D(str(r)) for r in returns), fabricated_in
	)


@pytest.mark.parametrize(
	("purchase_month", "gross", "bonus"),
	[
		(1, "1999.99", 0),
		(1, "2000", 50),
		(1, "3999.99", 50),
		(1, "4000", 100),  # the highest tier only, not 50 + 100
		(1, "250000", 100),
		(2, "2999.99", 0),
		(2, "3000", 50),
		(2, "4999.99", 50),
		(2, "5000", 100),
		(3, "4999.99", 0),
		(3, "5000", 100),
		(3, "9999.99", 100),
		(3, "10000", 200),
	],
)
def test_bonus_tiers_from_the_rules(purchase_month, gross, bonus):
	sales = [D(101), D(0), D(0)]  # counted as new in its first month
	sales[purchase_month - 1] = D(gross)
	first = date(2026, 4 - purchase_month, 1)
	statement = compute_statement(MARCH, 0, [customer("X", first, sales)])
	assert statement.bonus_amount == D(bonus)
	assert statement.lines[0].purchase_month == purchase_month


@pytest.mark.parametrize(
	("quota", "new_customers", "amount"),
	[(3, 0, -30), (3, 2, -10), (3, 3, 0), (3, 5, 20), (10, 7, -30), (1, 1, 0), (0, 2, 20)],
)
def test_minus_ten_per_missing_plus_ten_per_extra(quota, new_customers, amount):
	customers = [customer(f"N{i}", MARCH, (500,)) for i in range(new_customers)]
	statement = compute_statement(MARCH, quota, customers)
	assert statement.new_customers == new_customers
	assert statement.quota_amount == D(amount)
	assert statement.total == D(amount)  # 500 reaches no tier


@pytest.mark.parametrize(
	("first_month_net", "counted"), [("100", False), ("100.01", True), ("0", False), ("5000", True)]
)
def test_a_new_customer_counts_above_100_net_in_its_first_month(first_month_net, counted):
	statement = compute_statement(MARCH, 0, [customer("X", MARCH, (first_month_net,))])
	assert statement.new_customers == (1 if counted else 0)


def test_returns_count_against_the_first_month_threshold():
	statement = compute_statement(MARCH, 0, [customer("X", MARCH, (150,), (60,))])
	assert statement.new_customers == 0  # 150 - 60 = 90, not above 100


def test_returns_deduct_in_proportion():
	statement = compute_statement(MARCH, 0, [customer("X", MARCH, (4000,), (1000,))])
	line = statement.lines[0]
	assert (line.tier_bonus, line.return_deduction, line.amount) == (D(100), D(25), D(75))
	everything_back = compute_statement(MARCH, 0, [customer("Y", date(2026, 2, 1), (500, 6000), (0, 6000))])
	assert everything_back.lines[0].amount == D(0)  # the deduction never exceeds the bonus


def test_hand_made_month():
	"""March 2026, quota 3; the worked figures are in the comments."""
	customers = [
		customer("C1", MARCH, (4500,)),  # month 1, counted, >= 4,000 -> 100
		customer("C2", MARCH, (2000,), (500,)),  # month 1, counted, 50 - 50 x 500/2000 = 37.50
		customer("C3", MARCH, (100,)),  # month 1, 100 is not above 100: not counted, nothing
		customer("C4", date(2026, 2, 1), (300, 5000)),  # month 2, >= 5,000 -> 100
		customer("C5", date(2026, 1, 1), (1000, 0, "9999.99")),  # month 3, >= 5,000 -> 100
		customer("C6", date(2026, 1, 1), (50, 0, 12000)),  # month 3, never counted as new -> nothing
		customer("C7", date(2025, 12, 1), (9000, 9000, 9000, 9000)),  # month 4: out of the window
		# found fabricated in March: 10 x (50 paid in February + 50 earned in March) = 1,000
		customer("C8", date(2026, 2, 1), (2500, 3000), fabricated_in=date(2026, 3, 17)),
	]
	statement = compute_statement(date(2026, 3, 31), 3, customers)
	by_customer = {line.customer: line for line in statement.lines}
	assert sorted(by_customer) == ["C1", "C2", "C3", "C4", "C5", "C6", "C8"]
	assert {c: line.amount for c, line in by_customer.items()} == {
		"C1": D(100),
		"C2": D("37.50"),
		"C3": D(0),
		"C4": D(100),
		"C5": D(100),
		"C6": D(0),
		"C8": D(-1000),
	}
	assert (statement.new_customers, statement.missing, statement.extra) == (2, 1, 0)
	assert statement.quota_amount == D(-10)
	assert statement.bonus_amount == D(350)
	assert statement.return_deduction == D("12.50")
	assert statement.fabrication_penalty == D(1000)
	assert statement.total == D("-672.50")  # -10 + 350 - 12.50 - 1,000


def test_fabricated_customer_found_in_its_first_month_never_counts():
	fake = customer("F", MARCH, (4000,), fabricated_in=MARCH)
	statement = compute_statement(MARCH, 1, [fake])
	assert statement.new_customers == 0
	assert statement.quota_amount == D(-10)
	assert statement.fabrication_penalty == D(1000)  # 10 x the 100 it would have earned
	assert statement.total == D(-1010)


def test_fabrication_is_charged_once_in_the_month_found_even_after_the_window():
	fake = customer("F", date(2025, 11, 1), (2000, 3000, 5000), fabricated_in=date(2026, 3, 2))
	found = compute_statement(MARCH, 0, [fake])
	assert found.fabrication_penalty == D(2000)  # 10 x (50 + 50 + 100)
	assert found.lines[0].purchase_month == 0
	assert compute_statement(date(2026, 4, 1), 0, [fake]).lines == ()
	# before it was found, its bonuses were paid normally
	assert compute_statement(date(2026, 1, 1), 0, [fake]).total == D(100)


def test_policy_numbers_are_configurable():
	policy = IncentivePolicy(
		per_missing_customer=D(20),
		per_extra_customer=D(5),
		new_customer_min_first_month=D(1000),
		tiers=(Tier(1, D(1500), D(30)),),
		fabrication_multiplier=D(3),
		returns_deduct=False,
	)
	customers = [customer("A", MARCH, (1500,), (500,)), customer("B", MARCH, (999,))]
	statement = compute_statement(MARCH, 2, customers, policy)
	assert statement.new_customers == 0  # 1,500 - 500 = 1,000 is not above 1,000
	assert statement.quota_amount == D(-40)
	statement = compute_statement(MARCH, 0, [customer("A", MARCH, (1600,), (500,))], policy)
	assert (statement.quota_amount, statement.bonus_amount, statement.return_deduction) == (D(5), D(30), D(0))


@pytest.mark.parametrize(
	"policy_values",
	[
		{"per_missing_customer": D(-1)},
		{"tiers": (Tier(4, D(1), D(1)),)},
		{"tiers": (Tier(1, D(100), D(1)), Tier(1, D(100), D(2)))},
		{"tiers": (Tier(1, D(-100), D(1)),)},
	],
)
def test_invalid_policies_are_refused(policy_values):
	with pytest.raises(IncentivePolicyError):
		IncentivePolicy(**policy_values)


def test_negative_quota_is_refused():
	with pytest.raises(IncentivePolicyError):
		compute_statement(MARCH, -1, [])


amounts = st.decimals(min_value=0, max_value=50_000, places=2, allow_nan=False, allow_infinity=False)


@given(
	sales=st.lists(st.tuples(amounts, amounts, amounts), min_size=0, max_size=8),
	return_share=st.floats(min_value=0, max_value=1.5),
	quota=st.integers(min_value=0, max_value=12),
)
def test_statement_totals_add_up_and_deductions_never_exceed_bonuses(sales, return_share, quota):
	customers = []
	for i, month_sales in enumerate(sales):
		returns = tuple((s * D(str(round(return_share, 3)))).quantize(D("0.01")) for s in month_sales)
		customers.append(customer(f"P{i}", date(2026, 1 + i % 3, 1), month_sales, returns))
	statement = compute_statement(MARCH, quota, customers)
	assert statement.total == (
		statement.quota_amount
		+ statement.bonus_amount
		- statement.return_deduction
		- statement.fabrication_penalty
	)
	assert D(0) <= statement.return_deduction <= statement.bonus_amount
	assert statement.new_customers - statement.quota == statement.extra - statement.missing
	assert all(line.amount >= 0 for line in statement.lines)
