"""Grading rules (A/B/C): thresholds are inclusive, strategic/admitted customers are A, payment caps."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_assign.core.grading import GRADES, CustomerFigures, GradingRule, GradingRuleError, propose_grade

RULE = GradingRule(a_min_revenue=D(500_000), a_min_purchases=12, b_min_revenue=D(50_000), b_min_purchases=3)


@pytest.mark.parametrize(
	("revenue", "purchases", "grade"),
	[
		(500_000, 12, "A"),
		("499999.99", 12, "B"),
		(500_000, 11, "B"),
		(2_000_000, 3, "B"),
		(50_000, 3, "B"),
		("49999.99", 40, "C"),
		(50_000, 2, "C"),
		(0, 0, "C"),
	],
)
def test_thresholds_are_inclusive(revenue, purchases, grade):
	assert propose_grade(CustomerFigures(D(str(revenue)), purchases), RULE) == grade


def test_strategic_and_admitted_customers_are_a_when_the_rule_says_so():
	assert propose_grade(CustomerFigures(is_strategic=True), RULE) == "A"
	assert propose_grade(CustomerFigures(admitted=True), RULE) == "A"
	plain = GradingRule(strategic_is_a=False, admitted_is_a=False)
	assert propose_grade(CustomerFigures(is_strategic=True, admitted=True), plain) == "C"


@pytest.mark.parametrize(("behaviour", "grade"), [("Good", "A"), ("Late", "B"), ("Bad", "C"), ("", "A")])
def test_payment_behaviour_caps_the_grade(behaviour, grade):
	figures = CustomerFigures(D(900_000), 30, is_strategic=True, payment_behaviour=behaviour)
	assert propose_grade(figures, RULE) == grade


def test_a_cap_never_raises_a_grade():
	assert propose_grade(CustomerFigures(D(0), 0, payment_behaviour="Late"), RULE) == "C"


@pytest.mark.parametrize(
	"values",
	[
		{"a_min_revenue": D(10), "b_min_revenue": D(20)},
		{"a_min_purchases": 1, "b_min_purchases": 2},
		{"b_min_revenue": D(-1)},
		{"late_payment_max_grade": "D"},
	],
)
def test_inconsistent_rules_are_refused(values):
	with pytest.raises(GradingRuleError):
		GradingRule(**values)


def test_unknown_payment_behaviour_is_refused():
	with pytest.raises(GradingRuleError):
		propose_grade(CustomerFigures(payment_behaviour="Sometimes"), RULE)


revenue = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(revenue=revenue, more=revenue, purchases=st.integers(0, 100), extra=st.integers(0, 100))
def test_more_revenue_or_purchases_never_lowers_the_grade(revenue, more, purchases, extra):
	low = propose_grade(CustomerFigures(revenue, purchases), RULE)
	high = propose_grade(CustomerFigures(revenue + more, purchases + extra), RULE)
	assert GRADES.index(high) <= GRADES.index(low)
