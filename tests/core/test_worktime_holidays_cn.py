"""China holiday seeding: the built-in 2025–2026 table, and agreement with the ``holidays`` package."""

import sys
from datetime import date, timedelta

import pytest

from crm_assign.core.holidays_cn import (
	HolidayDataUnavailableError,
	china_holiday_schedule,
	china_work_calendar,
)


def test_builtin_table_has_the_published_2025_schedule():
	schedule = china_holiday_schedule([2025], use_library=False)
	assert schedule.source == "builtin"
	assert date(2025, 1, 28) in schedule.holidays and date(2025, 2, 4) in schedule.holidays
	assert schedule.makeup_workdays == {
		date(2025, 1, 26),
		date(2025, 2, 8),
		date(2025, 4, 27),
		date(2025, 9, 28),
		date(2025, 10, 11),
	}


def test_seeded_calendar_works_make_up_days_and_rests_on_holidays():
	cal = china_work_calendar([2025, 2026], use_library=False)
	assert cal.is_working_day(date(2026, 2, 14))  # Saturday, make-up for Spring Festival
	assert not cal.is_working_day(date(2026, 2, 23))  # Monday, last day of the 9-day Spring Festival
	# 261 weekdays in 2025 - 18 weekday holidays (Jan 1, Jan 28-31, Feb 3-4, Apr 4, May 1-2, May 5, Jun 2,
	# Oct 1-3, Oct 6-8) + 5 make-up days = 248 working days
	assert cal.working_days_between(date(2025, 1, 1), date(2026, 1, 1)) == 248


def test_a_year_missing_from_the_table_is_refused_without_the_library():
	with pytest.raises(HolidayDataUnavailableError, match="2031"):
		china_holiday_schedule([2025, 2031], use_library=False)


def test_builtin_table_agrees_with_the_holidays_package_day_by_day():
	pytest.importorskip("holidays")
	from_library = china_work_calendar([2025, 2026])
	builtin = china_work_calendar([2025, 2026], use_library=False)
	assert china_holiday_schedule([2025]).source == "holidays-package"
	day = date(2025, 1, 1)
	while day.year < 2027:
		assert from_library.is_working_day(day) == builtin.is_working_day(day), day
		day += timedelta(days=1)


def test_falls_back_to_the_builtin_table_when_the_package_is_missing(monkeypatch):
	monkeypatch.setitem(sys.modules, "holidays", None)  # makes ``import holidays`` raise ImportError
	assert china_holiday_schedule([2026]).source == "builtin"
