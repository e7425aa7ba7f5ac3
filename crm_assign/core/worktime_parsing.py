"""Parsing of a working calendar's plain data: clock times, weekdays, dates."""

from __future__ import annotations

from datetime import date, datetime, time

US_PER_SECOND = 1_000_000
_WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class InvalidCalendarError(ValueError):
	"""The working calendar's plain data is inconsistent (bad hours, overlapping intervals, ...)."""


def parse_clock(value: str | time, *, is_end: bool) -> int:
	"""'09:00', '9:00:30', a time object, or '24:00' (as an end) -> microseconds after midnight."""
	if isinstance(value, time):
		return ((value.hour * 60 + value.minute) * 60 + value.second) * US_PER_SECOND + value.microsecond
	parts = str(value).strip().split(":")
	if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
		raise InvalidCalendarError(f"working hour {value!r} is not HH:MM or HH:MM:SS")
	hours, minutes, seconds = (int(p) for p in [*parts, "0"][:3])
	if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and (minutes or seconds or not is_end)):
		raise InvalidCalendarError(f"working hour {value!r} is out of range (24:00 is allowed as an end)")
	return (hours * 3600 + minutes * 60 + seconds) * US_PER_SECOND


def parse_weekday(value: int | str) -> int:
	if isinstance(value, int) and 0 <= value <= 6:
		return value
	name = str(value).strip().lower()[:3]
	if name not in _WEEKDAY_NAMES:
		raise InvalidCalendarError(f"working weekday {value!r} is not 0-6 (Monday=0) or a weekday name")
	return _WEEKDAY_NAMES.index(name)


def parse_date(value: date | str) -> date:
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	return date.fromisoformat(str(value))
