"""China's public holidays and make-up working days (调休), to seed a ``WorkCalendar``.

Source order: the optional PyPI package ``holidays`` (its ``China`` class lists days off and, as
``weekend_workdays``, the make-up working days), else the built-in table below. The built-in table holds
the State Council's published schedules for 2025 and 2026 only; later years are published each November and
must come from the library or from the site's own holiday list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from crm_assign.core.worktime import WorkCalendar


class HolidayDataUnavailableError(LookupError):
	"""Neither the ``holidays`` package nor the built-in table covers a requested year."""


def _days(first: str, last: str | None = None) -> list[date]:
	start = date.fromisoformat(first)
	end = date.fromisoformat(last or first)
	return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _dates(*isoformats: str) -> frozenset[date]:
	return frozenset(date.fromisoformat(text) for text in isoformats)


# year -> (days off, make-up working days), from the State Council's 放假安排 notices.
BUILTIN_CHINA_SCHEDULE: dict[int, tuple[frozenset[date], frozenset[date]]] = {
	2025: (
		frozenset(
			_days("2025-01-01")
			+ _days("2025-01-28", "2025-02-04")  # 春节
			+ _days("2025-04-04", "2025-04-06")  # 清明节
			+ _days("2025-05-01", "2025-05-05")  # 劳动节
			+ _days("2025-05-31", "2025-06-02")  # 端午节
			+ _days("2025-10-01", "2025-10-08")  # 国庆节、中秋节
		),
		_dates("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"),
	),
	2026: (
		frozenset(
			_days("2026-01-01", "2026-01-03")  # 元旦
			+ _days("2026-02-15", "2026-02-23")  # 春节
			+ _days("2026-04-04", "2026-04-06")  # 清明节
			+ _days("2026-05-01", "2026-05-05")  # 劳动节
			+ _days("2026-06-19", "2026-06-21")  # 端午节
			+ _days("2026-09-25", "2026-09-27")  # 中秋节
			+ _days("2026-10-01", "2026-10-07")  # 国庆节
		),
		_dates("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
	),
}


@dataclass(frozen=True)
class ChinaHolidaySchedule:
	holidays: frozenset[date]
	makeup_workdays: frozenset[date]
	source: str  # "holidays-package" or "builtin"


def _from_library(years: list[int]) -> ChinaHolidaySchedule | None:
	try:
		import holidays as holidays_package
	except ImportError:
		return None
	china = holidays_package.China(years=years)
	makeups = getattr(china, "weekend_workdays", None)
	if makeups is None:  # an old version without make-up days: not good enough for 调休
		return None
	wanted = set(years)
	days_off = frozenset(day for day in china if day.year in wanted)
	makeups = frozenset(day for day in makeups if day.year in wanted) - days_off
	return ChinaHolidaySchedule(days_off, makeups, "holidays-package")


def china_holiday_schedule(years: Iterable[int], *, use_library: bool = True) -> ChinaHolidaySchedule:
	"""Days off and make-up working days of the given years.

	Raises ``HolidayDataUnavailableError`` for a year the built-in table lacks when the ``holidays`` package
	is not installed (or ``use_library`` is False).
	"""
	years = sorted(set(years))
	if use_library and (schedule := _from_library(years)) is not None:
		return schedule
	missing = [year for year in years if year not in BUILTIN_CHINA_SCHEDULE]
	if missing:
		raise HolidayDataUnavailableError(
			f"no China holiday data for {missing}: install the 'holidays' package or enter the dates by hand"
		)
	days_off = frozenset().union(*(BUILTIN_CHINA_SCHEDULE[y][0] for y in years))
	makeups = frozenset().union(*(BUILTIN_CHINA_SCHEDULE[y][1] for y in years))
	return ChinaHolidaySchedule(days_off, makeups, "builtin")


def china_work_calendar(
	years: Iterable[int],
	*,
	working_hours: tuple[tuple[str, str], ...] = (("09:00", "12:00"), ("13:30", "18:00")),
	time_zone: str = "Asia/Shanghai",
	use_library: bool = True,
) -> WorkCalendar:
	"""A Monday–Friday ``WorkCalendar`` seeded with China's holidays and make-up days for ``years``."""
	schedule = china_holiday_schedule(years, use_library=use_library)
	return WorkCalendar(
		time_zone=time_zone,
		working_hours=working_hours,
		holidays=schedule.holidays,
		makeup_workdays=schedule.makeup_workdays,
	)
