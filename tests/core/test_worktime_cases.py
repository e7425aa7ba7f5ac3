"""Hand-checked cases for WorkCalendar (China 2025 schedule, 09:00–12:00 + 13:30–18:00 = 7.5 h a day)."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from crm_assign.core.holidays_cn import china_work_calendar
from crm_assign.core.worktime import WorkCalendar
from crm_assign.core.worktime_parsing import InvalidCalendarError

CAL = china_work_calendar([2025], use_library=False)
BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)


def hours_between(a, b, pauses=()):
	return CAL.working_time_between(a, b, pauses) / 3600


@pytest.mark.parametrize(
	("start", "duration", "expected", "why"),
	[
		(datetime(2025, 3, 14, 17), 2 * H, datetime(2025, 3, 17, 10), "Friday 17:00 + 2h: over the weekend"),
		(datetime(2025, 4, 3, 17), 2 * H, datetime(2025, 4, 7, 10), "Thursday before Qingming (Fri Apr 4)"),
		(datetime(2025, 2, 7, 17), 2 * H, datetime(2025, 2, 8, 10), "make-up Saturday Feb 8 is worked"),
		(datetime(2025, 4, 26, 10), H, datetime(2025, 4, 27, 10), "Saturday -> make-up Sunday Apr 27"),
		(datetime(2025, 1, 27, 17), 2 * H, datetime(2025, 2, 5, 10), "Spring Festival Jan 28 - Feb 4"),
		(datetime(2025, 3, 17, 11), 2 * H, datetime(2025, 3, 17, 14, 30), "lunch break 12:00-13:30 skipped"),
		(datetime(2025, 3, 17, 9), 3 * H, datetime(2025, 3, 17, 12), "ends exactly at 12:00, not 13:30"),
		(datetime(2025, 3, 17, 12, 30), H, datetime(2025, 3, 17, 14, 30), "raised during lunch"),
		(datetime(2025, 3, 16, 23, 30), 4 * H, datetime(2025, 3, 17, 14, 30), "raised Sunday night"),
		(datetime(2025, 3, 17, 17), 2 * H, datetime(2025, 3, 18, 10), "overnight Monday -> Tuesday"),
		(datetime(2025, 3, 17, 17), H, datetime(2025, 3, 17, 18), "ends exactly at closing"),
		(datetime(2025, 3, 17, 20), 7.5 * 3600, datetime(2025, 3, 18, 18), "a full day in seconds"),
		(
			datetime(2025, 3, 15, 8),
			timedelta(0),
			datetime(2025, 3, 15, 8),
			"zero stays put, even on Saturday",
		),
	],
)
def test_add_working_time_by_hand(start, duration, expected, why):
	assert CAL.add_working_time(start, duration) == expected, why


def test_between_by_hand():
	assert hours_between(datetime(2025, 3, 14, 17), datetime(2025, 3, 17, 10)) == 2
	assert hours_between(datetime(2025, 3, 17, 11), datetime(2025, 3, 17, 14, 30)) == 2
	assert hours_between(datetime(2025, 3, 17, 12), datetime(2025, 3, 17, 13, 30)) == 0
	assert hours_between(datetime(2025, 3, 17, 18), datetime(2025, 3, 17, 9)) == 0
	# Mon Mar 10 09:00 -> Mon Mar 17 09:00 is exactly one week: 5 days * 7.5 h
	assert hours_between(datetime(2025, 3, 10, 9), datetime(2025, 3, 17, 9)) == 37.5
	# Sep 29 (Mon) .. Oct 12 (Sun): Sep 29, 30, Oct 9, 10 and make-up Sat Oct 11 = 5 working days
	assert hours_between(datetime(2025, 9, 29), datetime(2025, 10, 13)) == 37.5


def test_between_subtracts_merged_overlapping_pauses():
	monday_9, monday_18 = datetime(2025, 3, 17, 9), datetime(2025, 3, 17, 18)
	pauses = [(datetime(2025, 3, 17, 10), datetime(2025, 3, 17, 11)), (monday_9 + 1.5 * H, monday_9 + 5 * H)]
	# merged pause 10:00-14:00 holds 2 h + 0.5 h of working time
	assert hours_between(monday_9, monday_18, pauses) == 7.5 - 2.5
	# an open-ended pause (end None) runs to the end of the measured span
	assert hours_between(monday_9, monday_18, [(datetime(2025, 3, 17, 17), None)]) == 6.5
	assert hours_between(monday_9, monday_18, [(datetime(2025, 3, 16), datetime(2025, 3, 20))]) == 0


@pytest.mark.parametrize(
	("start", "n", "expected"),
	[
		(date(2025, 3, 14), 3, date(2025, 3, 19)),  # return visit 3 working days after a Friday reception
		(datetime(2025, 3, 14, 20, 30), 3, date(2025, 3, 19)),  # only the date counts
		(date(2025, 9, 26), 3, date(2025, 9, 30)),  # make-up Sun Sep 28, Mon 29, Tue 30
		(date(2025, 9, 26), 4, date(2025, 10, 9)),  # then National Day Oct 1-8: Thu Oct 9
		(date(2025, 2, 7), 1, date(2025, 2, 8)),  # the make-up Saturday counts
		(date(2025, 3, 14), 0, date(2025, 3, 14)),  # day 0 is the working start date itself
		(date(2025, 3, 15), 0, date(2025, 3, 17)),  # Saturday: day 0 rolls to Monday
		(date(2025, 3, 15), 1, date(2025, 3, 18)),
		(date(2025, 3, 17), -1, date(2025, 3, 14)),  # backwards: Monday - 1 = Friday
		(date(2025, 3, 16), -1, date(2025, 3, 13)),  # Sunday rolls back to Friday, then Thursday
		# 50 plain weeks reach Mon 2026-02-16; 11 weekday holidays after Mar 3 (Apr 4, May 1-2, May 5,
		# Jun 2, Oct 1-3, Oct 6-8) minus 3 make-up days (Apr 27, Sep 28, Oct 11) push it 8 days: Thu Feb 26
		(date(2025, 3, 3), 250, date(2026, 2, 26)),
	],
)
def test_add_working_days_by_hand(start, n, expected):
	assert CAL.add_working_days(start, n) == expected


def test_is_working_day_and_counting():
	assert CAL.is_working_day(date(2025, 2, 8))  # make-up Saturday
	assert not CAL.is_working_day(date(2025, 10, 1))
	assert not CAL.is_working_day(date(2025, 3, 15))
	assert CAL.working_days_between(date(2025, 9, 29), date(2025, 10, 13)) == 5


def test_next_working_instant():
	assert CAL.next_working_instant(datetime(2025, 3, 17, 12)) == datetime(2025, 3, 17, 13, 30)
	assert CAL.next_working_instant(datetime(2025, 3, 14, 18)) == datetime(2025, 3, 17, 9)
	assert CAL.next_working_instant(datetime(2025, 3, 17, 10)) == datetime(2025, 3, 17, 10)
	assert CAL.is_working_time(datetime(2025, 3, 17, 11, 59)) and not CAL.is_working_time(
		datetime(2025, 3, 17, 12)
	)


def test_user_input_in_a_dst_zone_is_converted_to_the_calendar_zone():
	# Berlin is UTC+1 until Sun 2025-03-30, UTC+2 after; Shanghai is always UTC+8.
	before = datetime(2025, 3, 28, 2, tzinfo=BERLIN)  # = Fri 09:00 Shanghai
	assert CAL.add_working_time(before, 2 * H) == datetime(2025, 3, 28, 4, tzinfo=BERLIN)
	after = datetime(2025, 3, 31, 3, tzinfo=BERLIN)  # = Mon 09:00 Shanghai
	assert CAL.add_working_time(after, 2 * H) == datetime(2025, 3, 31, 5, tzinfo=BERLIN)
	across = CAL.add_working_time(datetime(2025, 3, 28, 10, tzinfo=BERLIN), 2 * H)  # Fri 17:00 Shanghai
	assert across == datetime(2025, 3, 31, 10, tzinfo=SHANGHAI)
	assert across.tzinfo is BERLIN and across.utcoffset() == 2 * H and across.hour == 4
	assert CAL.working_time_between(before, after) == 7.5 * 3600
	utc = CAL.add_working_time(datetime(2025, 3, 17, 1, tzinfo=timezone.utc), H)  # 09:00 Shanghai
	assert utc == datetime(2025, 3, 17, 2, tzinfo=timezone.utc) and utc.tzinfo is timezone.utc


def test_a_dst_calendar_uses_wall_clock_hours():
	berlin_cal = WorkCalendar(time_zone="Europe/Berlin", working_hours=(("09:00", "17:00"),))
	friday = datetime(2025, 3, 28, 16, tzinfo=BERLIN)
	assert berlin_cal.add_working_time(friday, 2 * H) == datetime(2025, 3, 31, 10, tzinfo=BERLIN)
	assert berlin_cal.add_working_time(datetime(2025, 3, 28, 16), 2 * H) == datetime(2025, 3, 31, 10)


def test_round_the_clock_calendar_with_24_00_end():
	always = WorkCalendar(working_weekdays=range(7), working_hours=(("00:00", "24:00"),))
	assert always.working_hours == (("00:00", "24:00"),)
	assert always.add_working_time(datetime(2025, 3, 17, 20), 30 * H) == datetime(2025, 3, 19, 2)
	assert always.add_working_time(datetime(2025, 3, 17), 24 * H) == datetime(2025, 3, 18)


def test_plain_data_round_trip_and_equality():
	data = {
		"time_zone": "Asia/Shanghai",
		"working_weekdays": ["Mon", "tue", 2, 3, 4],
		"working_hours": [["9:00", "12:00"], ["13:30", "18:00"]],
		"holidays": ["2025-10-01"],
		"makeup_workdays": ["2025-10-11"],
	}
	cal = WorkCalendar.from_dict(data)
	assert cal == WorkCalendar(holidays={date(2025, 10, 1)}, makeup_workdays={date(2025, 10, 11)})
	assert hash(cal) == hash(WorkCalendar(holidays={date(2025, 10, 1)}, makeup_workdays={date(2025, 10, 11)}))
	assert cal.working_seconds_per_day == 7.5 * 3600


@pytest.mark.parametrize(
	"kwargs",
	[
		{"working_hours": (("09:00", "12:00"), ("11:00", "18:00"))},
		{"working_hours": (("12:00", "09:00"),)},
		{"working_hours": (("9", "12:00"),)},
		{"working_hours": (("24:00", "24:00"),)},
		{"working_hours": ()},
		{"working_weekdays": ()},
		{"working_weekdays": ("Funday",)},
		{"time_zone": "Mars/Olympus_Mons"},
		{"holidays": {"2025-10-11"}, "makeup_workdays": {"2025-10-11"}},
	],
)
def test_inconsistent_plain_data_is_refused(kwargs):
	with pytest.raises(InvalidCalendarError):
		WorkCalendar(**kwargs)


def test_negative_duration_is_refused():
	with pytest.raises(ValueError):
		CAL.add_working_time(datetime(2025, 3, 17, 9), -H)
