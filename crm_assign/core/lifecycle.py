"""Pure lifecycle rules: rolling window, dormancy, reactivation as a new customer, stage after a sale.

Dates are whole days. "N days without activity" counts the days strictly between the last activity and
today: a customer last active exactly `dormancy_days` ago is still active, one day later it is dormant.
The same boundary decides whether a reactivated customer counts as new ("dormant more than one year").
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

STAGES = ("Potential", "Intent", "Deal", "Partner")


def month_start(day: date) -> date:
	return day.replace(day=1)


def add_months(day: date, months: int) -> date:
	"""The same day `months` later (or earlier), clamped to the month's last day (Feb 29 → Feb 28)."""
	index = day.year * 12 + day.month - 1 + months
	year, month = divmod(index, 12)
	last = calendar.monthrange(year, month + 1)[1]
	return date(year, month + 1, min(day.day, last))


def months_between(start: date, end: date) -> int:
	"""Whole calendar months from start's month to end's month (2026-01-31 → 2026-02-01 is 1)."""
	return (end.year - start.year) * 12 + end.month - start.month


def rolling_12m_start(today: date) -> date:
	"""First day of the rolling 12 months that end today: 2026-11-26 → 2025-11-27."""
	return add_months(today, -12) + timedelta(days=1)


def days_without_activity(last_activity: date, today: date) -> int:
	return (today - last_activity).days


def is_dormant(last_activity: date, today: date, dormancy_days: int) -> bool:
	"""True when more than `dormancy_days` days passed since the last activity (365 → day 366 is dormant)."""
	if dormancy_days <= 0:
		raise ValueError("dormancy_days must be positive")
	return days_without_activity(last_activity, today) > dormancy_days


def dormancy_cutoff(today: date, dormancy_days: int) -> date:
	"""Customers whose last activity is before this date are dormant (same rule as `is_dormant`)."""
	if dormancy_days <= 0:
		raise ValueError("dormancy_days must be positive")
	return today - timedelta(days=dormancy_days)


def reactivation_counts_as_new(previous_activity: date | None, sale_date: date, new_after_days: int) -> bool:
	"""A sale after more than `new_after_days` days of silence makes the customer count as new again."""
	if previous_activity is None or new_after_days <= 0:
		return False
	return days_without_activity(previous_activity, sale_date) > new_after_days


def stage_after_sale(stage: str, months_with_sales: int, partner_after_months: int) -> str:
	"""Stage reached by a sale; a stage never moves backwards here.

	The first sale moves Potential or Intent to Deal; sales in `partner_after_months` different months of
	the last twelve move a customer to Partner (0 turns that rule off).
	"""
	if stage not in STAGES:
		raise ValueError(f"unknown lifecycle stage {stage!r}")
	reached = "Deal"
	if partner_after_months > 0 and months_with_sales >= partner_after_months:
		reached = "Partner"
	return max(stage, reached, key=STAGES.index)
