"""Hypothesis properties of WorkCalendar, on random calendars, cross-checked against a day-by-day oracle."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from crm_assign.core.working_day_index import WorkingDayIndex
from crm_assign.core.worktime import WorkCalendar

US = timedelta(microseconds=1)
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2027, 12, 31)


def quarter_hour(quarter: int) -> str:
	return "24:00" if quarter == 96 else time(quarter // 4, quarter % 4 * 15).strftime("%H:%M")


@st.composite
def calendars(draw):
	weekdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
	cuts = sorted(draw(st.sets(st.integers(0, 24 * 4), min_size=2, max_size=6)))
	hours = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
	special = st.dates(date(2024, 6, 1), date(2026, 6, 30))
	holidays = draw(st.frozensets(special, max_size=25))
	makeups = draw(st.frozensets(special, max_size=10)) - holidays
	return WorkCalendar(
		time_zone=draw(st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "UTC"])),
		working_weekdays=weekdays,
		working_hours=tuple((quarter_hour(a), quarter_hour(b)) for a, b in hours),
		holidays=holidays,
		makeup_workdays=makeups,
	)


moments = st.datetimes(datetime(2024, 1, 1), datetime(2027, 12, 31))
durations = st.one_of(
	st.integers(0, 3 * 86_400).map(lambda s: timedelta(seconds=s)),
	st.integers(0, 400 * 86_400 * 10**6).map(lambda us: timedelta(microseconds=us)),
)


def oracle_between(cal: WorkCalendar, start: datetime, end: datetime) -> timedelta:
	"""Day-by-day reference: sum the overlaps of [start, end) with every working interval."""
	total, day = timedelta(0), start.date()
	while day <= end.date():
		if cal.is_working_day(day):
			for open_at, close_at in cal.working_hours:
				lo = datetime.combine(day, time.fromisoformat(open_at))
				hi = datetime.combine(day, time()) + timedelta(
					hours=int(close_at[:2]), minutes=int(close_at[3:5])
				)
				total += max(timedelta(0), min(hi, end) - max(lo, start))
		day += timedelta(days=1)
	return total


def inside_working_interval_or_at_its_end(cal: WorkCalendar, moment: datetime) -> bool:
	return cal.is_working_time(moment - US)  # the microsecond before the result was worked


@given(calendars(), moments, durations, durations)
def test_add_is_monotonic_in_duration(cal, start, a, b):
	shorter, longer = sorted((a, b))
	assert cal.add_working_time(start, shorter) <= cal.add_working_time(start, longer)


@given(calendars(), moments, durations, durations)
def test_add_is_additive(cal, start, a, b):
	assert cal.add_working_time(cal.add_working_time(start, a), b) == cal.add_working_time(start, a + b)


@given(calendars(), moments, durations)
def test_between_inverts_add_and_add_is_earliest(cal, start, duration):
	end = cal.add_working_time(start, duration)
	assert cal.working_time_between(start, end) == duration.total_seconds()
	if duration:
		assert cal.working_time_between(start, end - US) < duration.total_seconds()
		assert inside_working_interval_or_at_its_end(cal, end), "landed in a break, a holiday or a weekend"


@given(calendars(), moments, moments, moments)
def test_between_is_additive_over_a_split_point(cal, p, q, r):
	a, b, c = sorted((p, q, r))
	us = [cal.to_local_us(moment) for moment in (a, b, c)]
	whole = cal.working_us_between(us[0], us[2])
	assert whole == cal.working_us_between(us[0], us[1]) + cal.working_us_between(us[1], us[2])
	assert cal.working_time_between(a, c) == whole / 10**6  # seconds, exact to the microsecond
	assert cal.working_time_between(c, a) == 0


@settings(max_examples=60)
@given(calendars(), moments, st.integers(0, 40 * 86_400).map(lambda s: timedelta(seconds=s)))
def test_between_matches_the_day_by_day_oracle(cal, start, span):
	end = start + span
	assert cal.working_time_between(start, end) == oracle_between(cal, start, end).total_seconds()


@given(calendars(), st.dates(FIRST_DAY, LAST_DAY), st.integers(-300, 300))
def test_add_working_days_matches_stepping_day_by_day(cal, start, n):
	step = timedelta(days=1 if n >= 0 else -1)
	day = start
	while not cal.is_working_day(day):  # day 0
		day += step
	for _ in range(abs(n)):
		day += step
		while not cal.is_working_day(day):
			day += step
	assert cal.add_working_days(start, n) == day


@given(calendars(), st.dates(FIRST_DAY, LAST_DAY), st.dates(FIRST_DAY, LAST_DAY))
def test_working_days_between_counts_working_dates(cal, a, b):
	expected = sum(cal.is_working_day(a + timedelta(days=i)) for i in range((b - a).days))
	assert cal.working_days_between(a, b) == expected


@given(
	st.frozensets(st.integers(0, 6), min_size=1),
	st.frozensets(st.integers(738_000, 738_400), max_size=40),
	st.frozensets(st.integers(738_000, 738_400), max_size=40),
	st.integers(737_500, 739_000),
)
def test_working_day_index_rank_is_inverse_of_count(weekdays, holidays, makeups, day):
	makeups = makeups - holidays
	index = WorkingDayIndex(weekdays, holidays, makeups)

	def brute(d):
		return d in makeups or (d % 7 in weekdays and d not in holidays)

	assert index.is_working(day) == brute(day)
	assert index.count_before(day + 1) - index.count_before(day) == int(brute(day))
	rank = index.count_before(day)
	found = index.day_of_rank(rank)
	assert found >= day and brute(found) and index.count_before(found) == rank


@given(calendars(), moments, durations, st.sampled_from(["Europe/Berlin", "America/New_York", "UTC"]))
def test_aware_input_gives_the_same_instant_as_naive_calendar_time(cal, start, duration, user_zone):
	aware = start.replace(tzinfo=ZoneInfo(user_zone))
	local = aware.astimezone(cal.zone).replace(tzinfo=None)
	result = cal.add_working_time(aware, duration)
	assert result.tzinfo is aware.tzinfo
	if duration:
		expected_local = cal.add_working_time(local, duration)
		assert result.astimezone(cal.zone).replace(tzinfo=None) == expected_local
