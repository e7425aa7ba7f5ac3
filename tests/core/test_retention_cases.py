"""Retention boundaries (retention day −1 / exactly / +1), retention off, placeholder name."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_assign.core.retention import anonymised_name, is_due, retention_cutoff

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
	("days_ago", "due"), [(0, False), (1094, False), (1095, False), (1096, True), (5000, True)]
)
def test_due_after_more_than_the_retention_days(days_ago, due):
	assert is_due(TODAY - timedelta(days=days_ago), TODAY, 1095) is due


@pytest.mark.parametrize("retention_days", [0, -1])
def test_zero_switches_retention_off(retention_days):
	assert retention_cutoff(TODAY, retention_days) is None
	assert not is_due(date(1990, 1, 1), TODAY, retention_days)


def test_cutoff_is_the_first_day_still_kept():
	cutoff = retention_cutoff(TODAY, 1095)
	assert cutoff == date(2023, 11, 27)
	assert not is_due(cutoff, TODAY, 1095)
	assert is_due(cutoff - timedelta(days=1), TODAY, 1095)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)), st.integers(1, 4000))
def test_due_is_the_same_rule_as_the_cutoff(left_on, retention_days):
	assert is_due(left_on, TODAY, retention_days) is (left_on < retention_cutoff(TODAY, retention_days))


def test_anonymised_name_keeps_the_record_name():
	assert anonymised_name("CUST-2026-00001") == "Anonymised CUST-2026-00001"
