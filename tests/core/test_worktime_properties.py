"""Hypothesis properties of WorkCalendar on random calendars in zones with and without DST, cross-checked
against an oracle that walks real time quarter-hour by quarter-hour through ``zoneinfo``.

Results are compared as instants (``cal.to_us``), never as naive datetimes: two naive datetimes in a
repeated hour compare equal across ``fold``.
"""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from crm_assign.core.working_day_index import WorkingDayIndex
from crm_assign.core.worktime import WorkCalendar
from crm_assign.core.zone_timeline import zone_timeline
from tests.hypothesis_profiles import scaled

US = timedelta(microseconds=1)
QUARTER = timedelta(minutes=15)
UTC_EPOCH = datetime(1, 1, 1, tzinfo=timezone.utc)
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2027, 12, 31)
# without DST; the common DST rules of both hemispheres; a 30-minute DST (Lord Howe); odd offsets
# (Kathmandu +05:45, Chatham +12:45/+13:45, St John's -03:30); negative DST in winter (Dublin); DST
# suspended during Ramadan (Casablanca)
ZONES = (
	"Asia/Shanghai",
	"UTC",
	"Europe/Berlin",
	"America/New_York",
	"Australia/Sydney",
	"Australia/Lord_Howe",
	"Asia/Kathmandu",
	"Pacific/Chatham",
	"America/St_Johns",
	"Europe/Dublin",
	"Africa/Casablanca",
)


def quarter_hour(quarter: int) -> str:
	return "24:00" if quarter == 96 else time(quarter // 4, quarter % 4 * 15).strftime("%H:%M")


@st.composite
def calendars(draw, zones=ZONES):
	weekdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
	cuts = sorted(draw(st.sets(st.integers(0, 24 * 4), min_size=2, max_size=6)))
	hours = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
	special = st.dates(date(2024, 6, 1), date(2026, 6, 30))
	holidays = draw(st.frozensets(special, max_size=25))
	makeups = draw(st.frozensets(special, max_size=10)) - holidays
	return WorkCalendar(
		time_zone=draw(st.sampled_from(zones)),
		working_weekdays=weekdays,
		working_hours=tuple((quarter_hour(a), quarter_hour(b)) for a, b in hours),
		holidays=holidays,
		makeup_workdays=makeups,
	)


def transitions_of(zone: str) -> list[int]:
	first, last = (
		(datetime.combine(d, time(), timezone.utc) - UTC_EPOCH) // US for d in (FIRST_DAY, LAST_DAY)
	)
	return [t for t in zone_timeline(zone).transitions if first <= t <= last]


@st.composite
def wall_times_of(draw, cal: WorkCalendar):
	"""A naive wall-clock time in the calendar's zone: anywhere, or within two days of an offset change
	(then possibly inside a gap or a repeated hour, with either fold)."""
	changes = transitions_of(cal.time_zone)
	if not changes or draw(st.booleans()):
		moment = draw(st.datetimes(datetime(2024, 1, 1), datetime(2027, 12, 30)))
	else:
		change = zone_timeline(cal.time_zone).wall_datetime(draw(st.sampled_from(changes)))
		moment = change + timedelta(microseconds=draw(st.integers(-2 * 86_400 * 10**6, 2 * 86_400 * 10**6)))
	return moment.replace(fold=draw(st.integers(0, 1)))


durations = st.one_of(
	st.integers(0, 3 * 86_400).map(lambda s: timedelta(seconds=s)),
	st.integers(0, 400 * 86_400 * 10**6).map(lambda us: timedelta(microseconds=us)),
)


def instant(cal: WorkCalendar, moment: datetime) -> datetime:
	"""The UTC instant of a naive wall time (PEP 495, by zoneinfo) or of an aware datetime."""
	aware = moment if moment.tzinfo else moment.replace(tzinfo=cal.zone)
	return aware.astimezone(timezone.utc)


def wall_is_working(cal: WorkCalendar, wall: datetime) -> bool:
	clock = timedelta(hours=wall.hour, minutes=wall.minute, seconds=wall.second)
	return cal.is_working_day(wall.date()) and any(
		timedelta(hours=int(a[:2]), minutes=int(a[3:5]))
		<= clock
		< timedelta(hours=int(b[:2]), minutes=int(b[3:5]))
		for a, b in cal.working_hours
	)


def oracle_between(cal: WorkCalendar, start: datetime, end: datetime) -> timedelta:
	"""Walk real time from start to end in pieces cut at UTC quarter hours: every offset here is a whole
	number of quarter hours, so each piece shows one wall-clock quarter hour, working or not."""
	lo, hi = instant(cal, start), instant(cal, end)
	total = timedelta(0)
	piece = lo.replace(minute=lo.minute // 15 * 15, second=0, microsecond=0)
	while piece < hi:
		following = piece + QUARTER
		if wall_is_working(cal, piece.astimezone(cal.zone)):
			total += min(following, hi) - max(piece, lo)
		piece = following
	return total


def microsecond_before(cal: WorkCalendar, moment: datetime) -> datetime:
	return cal.from_us(cal.to_us(moment) - 1, moment)


BERLIN_SUNDAY_SMALL_HOURS = WorkCalendar(
	time_zone="Europe/Berlin", working_weekdays=frozenset({6}), working_hours=(("02:00", "02:15"),)
)
NEW_YORK_ALL_DAY = WorkCalendar(
	time_zone="America/New_York", working_weekdays=frozenset(range(7)), working_hours=(("00:00", "24:00"),)
)


@given(st.sampled_from(ZONES), st.datetimes(datetime(1901, 1, 1), datetime(2099, 12, 31)), st.integers(0, 1))
@example("Europe/Berlin", datetime(2024, 3, 31, 2, 30), 0)  # in the gap
@example("Europe/Berlin", datetime(2024, 10, 27, 2, 30), 1)  # second pass of the repeated hour
@example("Australia/Lord_Howe", datetime(2024, 4, 7, 1, 45), 1)  # a 30-minute fold
def test_zone_timeline_reads_wall_times_as_zoneinfo_does(zone, wall, fold):
	timeline = zone_timeline(zone)
	wall = wall.replace(fold=fold)
	aware = wall.replace(tzinfo=ZoneInfo(zone))
	instant_us = timeline.to_instant_us(wall)
	assert instant_us == (aware - UTC_EPOCH) // US
	shown = aware.astimezone(timezone.utc).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
	back = timeline.wall_datetime(instant_us)
	assert (back, back.fold) == (shown, shown.fold)


@given(st.data(), calendars(), durations, durations)
@example(None, BERLIN_SUNDAY_SMALL_HOURS, timedelta(minutes=10), timedelta(minutes=10)).via("fold")
def test_add_is_monotonic_in_duration(data, cal, a, b):
	start = datetime(2024, 10, 27) if data is None else data.draw(wall_times_of(cal))
	shorter, longer = sorted((a, b))
	assert cal.to_us(cal.add_working_time(start, shorter)) <= cal.to_us(cal.add_working_time(start, longer))


@given(st.data(), calendars(), durations, durations)
def test_add_is_additive(data, cal, a, b):
	start = data.draw(wall_times_of(cal))
	twice = cal.add_working_time(cal.add_working_time(start, a), b)
	assert cal.to_us(twice) == cal.to_us(cal.add_working_time(start, a + b))


@given(st.data(), calendars(), durations)
@example(None, NEW_YORK_ALL_DAY, timedelta(seconds=1)).via("gap")
def test_between_inverts_add_and_add_is_earliest(data, cal, duration):
	start = datetime(2024, 3, 10, 2, 30) if data is None else data.draw(wall_times_of(cal))
	end = cal.add_working_time(start, duration)
	assert cal.working_time_between(start, end) == duration.total_seconds()
	if duration:
		before = microsecond_before(cal, end)
		assert cal.working_time_between(start, before) < duration.total_seconds()
		assert cal.is_working_time(before), "landed in a break, a holiday, a weekend or a skipped hour"
		assert not cal.is_working_time(end) or cal.working_time_between(before, end) > 0


@given(st.data(), calendars())
def test_between_is_additive_over_a_split_point(data, cal):
	a, b, c = sorted((data.draw(wall_times_of(cal)) for _ in range(3)), key=cal.to_us)
	us = [cal.to_us(moment) for moment in (a, b, c)]
	whole = cal.working_us_between(us[0], us[2])
	assert whole == cal.working_us_between(us[0], us[1]) + cal.working_us_between(us[1], us[2])
	assert cal.working_time_between(a, c) == whole / 10**6  # seconds, exact to the microsecond
	assert cal.working_time_between(c, a) == 0


@settings(max_examples=scaled(80))
@given(st.data(), calendars(), st.integers(0, 20 * 86_400 * 10**6).map(lambda us: timedelta(microseconds=us)))
@example(None, BERLIN_SUNDAY_SMALL_HOURS, timedelta(days=14)).via("a gap then a fold")
def test_between_matches_the_real_time_oracle(data, cal, span):
	start = datetime(2024, 3, 24) if data is None else data.draw(wall_times_of(cal))
	end = cal.from_us(cal.to_us(start) + span // US, start)
	assert cal.working_time_between(start, end) == oracle_between(cal, start, end).total_seconds()


def test_a_gap_skips_working_hours_and_a_fold_repeats_them():
	cal = BERLIN_SUNDAY_SMALL_HOURS
	assert cal.working_time_between(datetime(2024, 3, 31), datetime(2024, 3, 31, 23)) == 0
	assert cal.working_time_between(datetime(2024, 10, 27), datetime(2024, 10, 27, 23)) == 30 * 60
	second_pass = cal.add_working_time(datetime(2024, 10, 27), timedelta(minutes=20))
	assert (second_pass, second_pass.fold) == (datetime(2024, 10, 27, 2, 5), 1)
	assert cal.add_working_time(datetime(2024, 3, 31), timedelta(seconds=1)) == datetime(2024, 4, 7, 2, 0, 1)
	assert NEW_YORK_ALL_DAY.working_time_between(datetime(2024, 3, 10), datetime(2024, 3, 11)) == 23 * 3600
	assert NEW_YORK_ALL_DAY.working_time_between(datetime(2024, 11, 3), datetime(2024, 11, 4)) == 25 * 3600


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


@given(st.data(), calendars(), durations, st.sampled_from(["Europe/Berlin", "America/New_York", "UTC"]))
def test_aware_input_gives_the_same_instant_as_naive_calendar_time(data, cal, duration, user_zone):
	aware = data.draw(wall_times_of(cal)).replace(tzinfo=ZoneInfo(user_zone))
	local = aware.astimezone(cal.zone).replace(tzinfo=None)  # keeps the fold of a repeated hour
	result = cal.add_working_time(aware, duration)
	assert result.tzinfo is aware.tzinfo
	assert cal.to_us(result) == cal.to_us(cal.add_working_time(local, duration))
