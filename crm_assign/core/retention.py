"""Pure retention rules: when an exited customer's data is due for erasure, and what replaces its name.

A customer is kept for `retention_days` whole days after the day it left (status Exited or Blacklisted):
a customer that left exactly `retention_days` ago is still kept, one day later it is due — the same
boundary as dormancy. `retention_days` of 0 (or less) switches retention off: nothing is ever due.
"""

from __future__ import annotations

from datetime import date, timedelta

ANONYMISED = "Anonymised"


def retention_cutoff(today: date, retention_days: int) -> date | None:
	"""Customers that left before this day are due for erasure; None when retention is off."""
	if retention_days <= 0:
		return None
	return today - timedelta(days=retention_days)


def is_due(left_on: date, today: date, retention_days: int) -> bool:
	"""True when more than `retention_days` days passed since the customer left (1095 → day 1096)."""
	cutoff = retention_cutoff(today, retention_days)
	return cutoff is not None and left_on < cutoff


def anonymised_name(customer: str) -> str:
	"""The name an anonymised customer keeps: its record name stays, so reports still tell rows apart."""
	return f"{ANONYMISED} {customer}"
