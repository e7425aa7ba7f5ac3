"""Pure rules of the service desk's visits: booking overlaps, working hours, return-visit dates, frequency.

Nothing here reads the database: the services load rows set-wise and hand plain values in.

* Bookings are half-open ``[start, end)``: a visit ending at 10:00 does not clash with one starting at 10:00.
* A return visit "N working days after" a date ``d`` falls on the N-th working day strictly after ``d``
  (Friday + 3 = Wednesday; Saturday + 3 = Wednesday too); N = 0 means the same day.
* Visit frequency: a customer is due when its last completed visit (or, never visited, the date it came in)
  is at least ``interval_days`` before today; grades without a policy (0 or missing) are never due, nor are
  customers that already have a visit planned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crm_assign.core.worktime import WorkCalendar


def overlaps(start_a: datetime, end_a: datetime, start_b: datetime, end_b: datetime) -> bool:
	"""True when the half-open intervals ``[start_a, end_a)`` and ``[start_b, end_b)`` share time."""
	return start_a < end_b and start_b < end_a


def outside_working_hours(calendar: WorkCalendar, start: datetime, end: datetime) -> bool:
	"""True when any part of ``[start, end)`` falls outside working time (a non-working day, evening, lunch)."""
	if end <= start:
		return not calendar.is_working_time(start)
	return calendar.working_time_between(start, end) < (end - start).total_seconds()


def return_visit_due(calendar: WorkCalendar, done_on: date, working_days: int) -> date:
	"""The N-th working day strictly after ``done_on`` (``done_on`` itself for N = 0)."""
	if working_days < 0:
		raise ValueError("working days must be >= 0")
	if working_days == 0:
		return done_on
	return calendar.add_working_days(done_on + timedelta(days=1), working_days - 1)


@dataclass(frozen=True, slots=True)
class CustomerVisitState:
	customer: str
	grade: str | None
	last_visit: date | None
	known_since: date
	has_planned_visit: bool = False


def customers_due_for_visit(
	customers: Iterable[CustomerVisitState], interval_days: Mapping[str, int], today: date
) -> list[tuple[str, date]]:
	"""``(customer, last contact date)`` of customers whose last visit is older than their grade's policy."""
	due = []
	for state in customers:
		interval = interval_days.get(state.grade or "") or 0
		if interval <= 0 or state.has_planned_visit:
			continue
		last = state.last_visit or state.known_since
		if (today - last).days >= interval:
			due.append((state.customer, last))
	return due
