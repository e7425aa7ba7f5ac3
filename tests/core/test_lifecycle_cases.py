"""Dormancy and reactivation boundaries (exactly 365 / 366 days), stage after a sale, month arithmetic."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_assign.core.lifecycle import (
	add_months,
	dormancy_cutoff,
	is_dormant,
	months_between,
	reactivation_counts_as_new,
	rolling_12m_start,
	stage_after_sale,
)

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
	("days", "dormant"), [(0, False), (364, False), (365, False), (366, True), (900, True)]
)
def test_dormant_after_more_than_365_days(days, dormant):
	assert is_dormant(TODAY - timedelta(days=days), TODAY, 365) is dormant


def test_dormancy_across_a_leap_day():
	# 2028-02-29 exists: 2027-11-26 -> 2028-11-26 is 366 days, so that customer is dormant
	assert is_dormant(date(2027, 11, 26), date(2028, 11, 26), 365)
	assert not is_dormant(date(2027, 11, 27), date(2028, 11, 26), 365)


@given(last=st.dates(min_value=date(2000, 1, 1), max_value=TODAY), days=st.integers(1, 2000))
def test_cutoff_and_predicate_agree(last, days):
	assert is_dormant(last, TODAY, days) == (last < dormancy_cutoff(TODAY, days))


@pytest.mark.parametrize(("days", "new"), [(365, False), (366, True), (30, False)])
def test_reactivation_counts_as_new_after_more_than_a_year(days, new):
	assert reactivation_counts_as_new(TODAY - timedelta(days=days), TODAY, 365) is new


def test_a_customer_never_active_is_not_reactivated():
	assert not reactivation_counts_as_new(None, TODAY, 365)


def test_non_positive_dormancy_days_are_refused():
	with pytest.raises(ValueError):
		is_dormant(TODAY, TODAY, 0)


@pytest.mark.parametrize(
	("stage", "months", "partner_after", "expected"),
	[
		("Potential", 1, 6, "Deal"),
		("Intent", 1, 6, "Deal"),
		("Deal", 5, 6, "Deal"),
		("Deal", 6, 6, "Partner"),
		("Potential", 6, 6, "Partner"),
		("Partner", 1, 6, "Partner"),  # never backwards
		("Deal", 12, 0, "Deal"),  # 0 switches the Partner rule off
	],
)
def test_stage_after_a_sale(stage, months, partner_after, expected):
	assert stage_after_sale(stage, months, partner_after) == expected


def test_months():
	assert add_months(date(2024, 2, 29), -12) == date(2023, 2, 28)
	assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
	assert add_months(date(2026, 11, 1), 2) == date(2027, 1, 1)
	assert months_between(date(2026, 1, 31), date(2026, 2, 1)) == 1
	assert months_between(date(2025, 12, 1), date(2026, 3, 15)) == 3
	assert rolling_12m_start(TODAY) == date(2025, 11, 27)
