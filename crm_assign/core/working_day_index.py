"""Constant-time counting of working days on a day-number line.

Days are plain integers: ``day = date.toordinal() - 1``, so day 0 is 0001-01-01, a Monday, and
``day % 7`` is the weekday (0 = Monday). A day is a working day when it is a make-up working day, or when
its weekday is a working weekday and it is not a holiday.

``count_before(day)`` is the number of working days in ``[0, day)``; ``day_of_rank(rank)`` is its inverse,
the working day that has ``rank`` working days before it. Both are O(1) outside the span of the holiday /
make-up exceptions and O(log n) inside it, so adding or measuring years of working days never loops over
days or weeks.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


class WorkingDayIndex:
	"""Working-day arithmetic for a weekly pattern plus sparse exceptions (holidays, make-up days)."""

	__slots__ = (
		"_cum",
		"_exception_total",
		"_exceptions",
		"_hi",
		"_lo",
		"_per_week",
		"_prefix",
		"_rank_offset_in_week",
		"_weekdays",
	)

	def __init__(
		self, weekdays: Iterable[int], holidays: Iterable[int] = (), makeup_days: Iterable[int] = ()
	):
		self._weekdays = frozenset(weekdays)
		if not self._weekdays:
			raise ValueError("a working calendar needs at least one working weekday")
		self._per_week = len(self._weekdays)
		# _prefix[r]: regular working weekdays among the first r days of a week (Monday first).
		self._prefix = [sum(1 for wd in range(r) if wd in self._weekdays) for r in range(8)]
		self._rank_offset_in_week = sorted(self._weekdays)

		# Only exceptions that change a day's status matter: holidays on working weekdays, make-up days on
		# non-working weekdays. Maps day -> is_working.
		exceptions: dict[int, bool] = {}
		for day in holidays:
			if day % 7 in self._weekdays:
				exceptions[day] = False
		for day in makeup_days:
			if day % 7 not in self._weekdays:
				exceptions[day] = True
		self._exceptions = exceptions
		self._exception_total = sum(1 if working else -1 for working in exceptions.values())

		# Dense cumulative counts over [lo, hi], the smallest window holding every exception.
		if exceptions:
			self._lo = min(exceptions)
			self._hi = max(exceptions) + 1
			cum = [self._regular_count_before(self._lo)]
			for day in range(self._lo, self._hi):
				cum.append(cum[-1] + (1 if self.is_working(day) else 0))
			self._cum = cum
		else:
			self._lo = self._hi = 0
			self._cum = []

	def is_working(self, day: int) -> bool:
		status = self._exceptions.get(day)
		if status is None:
			return day % 7 in self._weekdays
		return status

	def _regular_count_before(self, day: int) -> int:
		weeks, rest = divmod(day, 7)
		return weeks * self._per_week + self._prefix[rest]

	def _regular_day_of_rank(self, rank: int) -> int:
		weeks, position = divmod(rank, self._per_week)
		return weeks * 7 + self._rank_offset_in_week[position]

	def count_before(self, day: int) -> int:
		"""Number of working days in ``[0, day)`` (may be negative for negative days)."""
		if day <= self._lo:
			return self._regular_count_before(day)
		if day >= self._hi:
			return self._regular_count_before(day) + self._exception_total
		return self._cum[day - self._lo]

	def count_between(self, first_day: int, end_day: int) -> int:
		"""Number of working days in ``[first_day, end_day)``; 0 when the range is empty."""
		if end_day <= first_day:
			return 0
		return self.count_before(end_day) - self.count_before(first_day)

	def day_of_rank(self, rank: int) -> int:
		"""The working day ``d`` with ``count_before(d) == rank``."""
		if not self._cum or rank < self._cum[0]:
			return self._regular_day_of_rank(rank)
		if rank >= self._cum[-1]:
			return self._regular_day_of_rank(rank - self._exception_total)
		return self._lo + bisect_right(self._cum, rank) - 1

	def shift(self, day: int, n: int) -> int:
		"""The n-th working day after ``day`` (n >= 0) or before it (n < 0).

		Day 0 is ``day`` itself when it is a working day. Otherwise it is the next working day for n >= 0
		and the previous one for n < 0, so ``shift(saturday, 0)`` is the Monday, ``shift(saturday, 1)``
		the Tuesday and ``shift(saturday, -1)`` the Thursday.
		"""
		if n >= 0:
			return self.day_of_rank(self.count_before(day) + n)
		return self.day_of_rank(self.count_before(day + 1) - 1 + n)
