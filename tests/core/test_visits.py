"""Hand-checked cases and properties of the visit rules (China 2025 calendar, 09:00–12:00 + 13:30–18:00)."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_assign.core.holidays_cn import china_work_calendar
from crm_assign.core.visits import (
	CustomerVisitState,
	customers_due_for_visit,
	outside_working_hours,
	overlaps,
	return_visit_due,
)

CAL = china_work_calendar([2025], use_library=False)


def test_touching_bookings_do_not_overlap():
	ten, eleven, noon = datetime(2025, 3, 17, 10), datetime(2025, 3, 17, 11), datetime(2025, 3, 17, 12)
	assert not overlaps(ten, eleven, eleven, noon)
	assert overlaps(ten, noon, eleven, noon)
	assert overlaps(ten, noon, datetime(2025, 3, 17, 10, 30), eleven)


@pytest.mark.parametrize(
	("start", "end", "outside", "why"),
	[
		(datetime(2025, 3, 17, 10), datetime(2025, 3, 17, 11), False, "Monday morning"),
		(datetime(2025, 3, 17, 17), datetime(2025, 3, 17, 18), False, "ends exactly at closing"),
		(datetime(2025, 3, 17, 17, 30), datetime(2025, 3, 17, 18, 30), True, "runs past closing"),
		(datetime(2025, 3, 17, 11, 30), datetime(2025, 3, 17, 12, 30), True, "runs into lunch"),
		(datetime(2025, 3, 15, 10), datetime(2025, 3, 15, 11), True, "Saturday"),
		(datetime(2025, 4, 4, 10), datetime(2025, 4, 4, 11), True, "Qingming holiday (Friday)"),
		(datetime(2025, 4, 27, 10), datetime(2025, 4, 27, 11), False, "make-up Sunday is worked"),
		(datetime(2025, 3, 17, 8), datetime(2025, 3, 17, 8), True, "an instant before opening"),
	],
)
def test_outside_working_hours_by_hand(start, end, outside, why):
	assert outside_working_hours(CAL, start, end) is outside, why


@pytest.mark.parametrize(
	("done", "days", "due", "why"),
	[
		(date(2025, 3, 14), 3, date(2025, 3, 19), "Friday + 3 over the weekend = Wednesday"),
		(date(2025, 3, 15), 3, date(2025, 3, 19), "Saturday + 3 = Wednesday as well"),
		(date(2025, 3, 13), 3, date(2025, 3, 18), "Thursday + 3 = Tuesday"),
		(date(2025, 4, 3), 1, date(2025, 4, 7), "Thursday before Qingming Friday + 1 = Monday"),
		(date(2025, 4, 25), 1, date(2025, 4, 27), "Friday + 1 = make-up Sunday Apr 27"),
		(date(2025, 9, 30), 2, date(2025, 10, 10), "National Day week skipped; Oct 9, 10"),
		(date(2025, 3, 14), 0, date(2025, 3, 14), "0 = the same day"),
	],
)
def test_return_visit_due_by_hand(done, days, due, why):
	assert return_visit_due(CAL, done, days) == due, why


def test_negative_return_visit_days_are_refused():
	with pytest.raises(ValueError):
		return_visit_due(CAL, date(2025, 3, 14), -1)


days_2025 = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 11, 30))


@given(days_2025, st.integers(min_value=1, max_value=40))
def test_return_visit_due_is_a_working_day_with_exactly_n_working_days_after_done(done, n):
	due = return_visit_due(CAL, done, n)
	assert due > done
	assert CAL.is_working_day(due)
	# working days in (done, due] == n
	assert CAL.working_days_between(done + timedelta(days=1), due + timedelta(days=1)) == n


@given(days_2025, st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=20))
def test_return_visit_due_is_monotonic_in_n_and_in_the_done_date(done, a, b):
	small, large = sorted((a, b))
	assert return_visit_due(CAL, done, small) <= return_visit_due(CAL, done, large)
	assert return_visit_due(CAL, done, a) <= return_visit_due(CAL, done + timedelta(days=1), a)


def test_customers_due_for_visit_by_grade_policy():
	today = date(2025, 6, 30)
	policy = {"A": 30, "B": 90, "C": 0}
	states = [
		CustomerVisitState("a-recent", "A", date(2025, 6, 10), date(2024, 1, 1)),
		CustomerVisitState("a-old", "A", date(2025, 5, 31), date(2024, 1, 1)),  # exactly 30 days
		CustomerVisitState("a-old-planned", "A", date(2025, 1, 1), date(2024, 1, 1), has_planned_visit=True),
		CustomerVisitState("b-never-new", "B", None, date(2025, 6, 1)),
		CustomerVisitState("b-never-old", "B", None, date(2025, 1, 1)),
		CustomerVisitState("c-no-policy", "C", None, date(2020, 1, 1)),
		CustomerVisitState("no-grade", None, None, date(2020, 1, 1)),
	]
	assert customers_due_for_visit(states, policy, today) == [
		("a-old", date(2025, 5, 31)),
		("b-never-old", date(2025, 1, 1)),
	]
