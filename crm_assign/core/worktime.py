"""Working-time calendar: working days, working hours with breaks, holidays, make-up days (调休), time zone.

Working time is measured on a timeline of integer microseconds of real (elapsed) time since 0001-01-01 UTC
(``to_us``), so results are exact and ``add_working_time`` is exactly additive. Each instant maps to a
"working clock" (working microseconds since 0001-01-01, ``working_clock_us``): working time between two
instants is the difference of their clocks, and adding working time inverts the clock. Both are O(1)
(O(log n) inside the span of the holidays and of the zone's offset changes), whatever the span: no loop
over days or weeks.

Semantics
---------
* Naive datetimes are wall-clock times in the calendar's zone; aware datetimes are converted to it, and
  results come back aware in the tzinfo of the argument (naive in, naive out).
* Working time is the real time during which the calendar's wall clock shows working hours on a working
  day. So on the night clocks jump forward (a DST *gap*, e.g. 02:00 → 03:00) working hours inside the
  skipped hour are not worked that day, and on the night they fall back (a *fold*, 03:00 → 02:00) a
  repeated working hour is worked twice: a 00:00–24:00 working day lasts 23 and 25 hours then.
* Wall-clock times that do not exist or exist twice are read as PEP 495 says (``zone_timeline``): a naive
  time in a gap is, with ``fold=0``, read with the offset before the jump (02:30 is the instant shown as
  03:30), and a repeated one is its first occurrence with ``fold=0``, its second with ``fold=1``. Naive
  results are never inside a gap and carry ``fold=1`` on the second pass of a repeated hour, so a naive
  and an aware computation of the same instants give the same instant in every zone.
* A working interval is half-open ``[start, end)``: 12:00 with a 09:00–12:00 morning is not working time.
* ``add_working_time(t, d)`` returns the *earliest* instant at which ``d`` of working time has elapsed
  since ``t``: a start outside working hours rolls to the next opening, and an end that falls exactly on
  an interval end stays there (12:00, not 13:30). ``d == 0`` returns ``t`` unchanged.
* ``add_working_days(start, n)``: day 0 is the start date if it is a working day, else the next working
  day (the previous one for negative n); the result is n working days after day 0. Only the date of a
  datetime counts (in the calendar's zone): Friday 20:00 + 3 is Wednesday.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from crm_assign.core.working_day_index import WorkingDayIndex
from crm_assign.core.worktime_parsing import (
	US_PER_SECOND,
	InvalidCalendarError,
	parse_clock,
	parse_date,
	parse_weekday,
)
from crm_assign.core.zone_timeline import ZoneTimeline, zone_timeline

US_PER_DAY = 86_400 * US_PER_SECOND
_ONE_US = timedelta(microseconds=1)
_DAY_CACHE_SIZE = 4096

Pause = tuple[datetime, datetime | None]


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
	"""Sort and merge overlapping or touching ``(start, end)`` intervals; empty ones are dropped."""
	merged: list[list[int]] = []
	for start, end in sorted(i for i in intervals if i[1] > i[0]):
		if merged and start <= merged[-1][1]:
			merged[-1][1] = max(merged[-1][1], end)
		else:
			merged.append([start, end])
	return [(start, end) for start, end in merged]


@dataclass(frozen=True)
class WorkCalendar:
	"""A working-time calendar built from plain data (JSON-friendly strings are accepted).

	>>> cal = WorkCalendar(working_hours=(("09:00", "12:00"), ("13:30", "18:00")), holidays=("2025-10-01",))
	"""

	time_zone: str = "Asia/Shanghai"
	working_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
	working_hours: tuple[tuple[time | str, time | str], ...] = (("09:00", "12:00"), ("13:30", "18:00"))
	holidays: frozenset[date] = frozenset()
	makeup_workdays: frozenset[date] = frozenset()

	_tz: ZoneInfo = field(init=False, repr=False, compare=False)
	_timeline: ZoneTimeline = field(init=False, repr=False, compare=False)
	_shift_after: tuple[int, ...] = field(init=False, repr=False, compare=False)
	_clock_at_transition: tuple[int, ...] = field(init=False, repr=False, compare=False)
	_days: WorkingDayIndex = field(init=False, repr=False, compare=False)
	_intervals: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)
	_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
	_ends: tuple[int, ...] = field(init=False, repr=False, compare=False)
	_worked_at_start: tuple[int, ...] = field(init=False, repr=False, compare=False)
	_worked_at_end: tuple[int, ...] = field(init=False, repr=False, compare=False)
	_day_us: int = field(init=False, repr=False, compare=False)
	_day_cache: dict[int, tuple[int, bool]] = field(init=False, repr=False, compare=False, hash=False)

	def __post_init__(self) -> None:
		setattr_ = object.__setattr__
		try:
			setattr_(self, "_tz", ZoneInfo(self.time_zone))
			setattr_(self, "_timeline", zone_timeline(self.time_zone))
		except (ValueError, LookupError) as exc:
			raise InvalidCalendarError(f"unknown time zone {self.time_zone!r}") from exc
		weekdays = frozenset(parse_weekday(d) for d in self.working_weekdays)
		holidays = frozenset(parse_date(d) for d in self.holidays)
		makeups = frozenset(parse_date(d) for d in self.makeup_workdays)
		if not weekdays:
			raise InvalidCalendarError("a working calendar needs at least one working weekday")
		if clash := sorted(holidays & makeups):
			raise InvalidCalendarError(f"dates both holiday and make-up working day: {clash}")
		intervals = tuple(
			(parse_clock(start, is_end=False), parse_clock(end, is_end=True))
			for start, end in self.working_hours
		)
		if not intervals:
			raise InvalidCalendarError("a working calendar needs at least one working interval")
		previous_end = 0
		for start, end in intervals:
			if start >= end or start < previous_end:
				raise InvalidCalendarError(
					f"working hours {self.working_hours!r} must be ascending, non-empty, non-overlapping"
				)
			previous_end = end
		worked, total = [0], 0
		for start, end in intervals:
			total += end - start
			worked.append(total)
		setattr_(self, "working_weekdays", weekdays)
		setattr_(self, "holidays", holidays)
		setattr_(self, "makeup_workdays", makeups)
		setattr_(self, "working_hours", tuple((self._clock(s), self._clock(e)) for s, e in intervals))
		setattr_(self, "_intervals", intervals)
		setattr_(self, "_starts", tuple(start for start, _ in intervals))
		setattr_(self, "_ends", tuple(end for _, end in intervals))
		setattr_(self, "_worked_at_start", tuple(worked[:-1]))
		setattr_(self, "_worked_at_end", tuple(worked[1:]))
		setattr_(self, "_day_us", total)
		setattr_(self, "_day_cache", {})
		setattr_(
			self,
			"_days",
			WorkingDayIndex(
				weekdays, (d.toordinal() - 1 for d in holidays), (d.toordinal() - 1 for d in makeups)
			),
		)
		self._measure_offset_changes()

	def _measure_offset_changes(self) -> None:
		"""Working time each offset change removes (gap) or repeats (fold), summed up to each segment.

		In segment k the working clock is ``wall clock's working time + shift_k``; the shift keeps the clock
		continuous across each change: at instant T the wall clock jumps from ``T + off_before`` to
		``T + off_after``.
		"""
		timeline, shifts, clocks = self._timeline, [0], []
		for k, change in enumerate(timeline.transitions):
			before, after = timeline.offsets[k], timeline.offsets[k + 1]
			shifts.append(
				shifts[-1]
				+ self._wall_working_clock(change + before)
				- self._wall_working_clock(change + after)
			)
			clocks.append(self._wall_working_clock(change + after) + shifts[-1])
		object.__setattr__(self, "_shift_after", tuple(shifts))
		object.__setattr__(self, "_clock_at_transition", tuple(clocks))

	@staticmethod
	def _clock(us: int) -> str:
		seconds = us // US_PER_SECOND
		text = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}"
		return f"{text}:{seconds % 60:02d}" if seconds % 60 else text

	@classmethod
	def from_dict(cls, data: dict) -> WorkCalendar:
		"""Build from a plain mapping with the field names above (e.g. a Frappe doc's JSON)."""
		return cls(
			time_zone=data.get("time_zone", "Asia/Shanghai"),
			working_weekdays=frozenset(data.get("working_weekdays", (0, 1, 2, 3, 4))),
			working_hours=tuple(tuple(pair) for pair in data.get("working_hours", cls.working_hours)),
			holidays=frozenset(data.get("holidays", ())),
			makeup_workdays=frozenset(data.get("makeup_workdays", ())),
		)

	@property
	def zone(self) -> ZoneInfo:
		return self._tz

	@property
	def working_seconds_per_day(self) -> float:
		return self._day_us / US_PER_SECOND

	# -- conversions to and from the timeline -------------------------------------------------------------

	def to_us(self, moment: datetime) -> int:
		"""Microseconds of real time since 0001-01-01 UTC (naive ``moment``: wall-clock time in the zone)."""
		return self._timeline.to_instant_us(moment)

	def from_us(self, instant_us: int, like: datetime) -> datetime:
		"""Back to a datetime of the same kind as ``like`` (naive wall-clock time, or aware in its tzinfo)."""
		return self._timeline.from_instant_us(instant_us, like)

	def _local_date(self, value: date | datetime) -> date:
		if isinstance(value, datetime):
			if value.tzinfo is not None:
				value = value.astimezone(self._tz)
			return value.date()
		return value

	# -- within one day ---------------------------------------------------------------------------------

	def _worked_before(self, clock_us: int) -> int:
		"""Working microseconds in ``[00:00, clock)`` of a working day."""
		i = bisect_right(self._ends, clock_us)
		if i == len(self._ends):
			return self._day_us
		return self._worked_at_start[i] + max(clock_us - self._starts[i], 0)

	def _clock_after_working(self, amount_us: int) -> int:
		"""Earliest clock at which ``amount_us`` (0 < amount <= day total) of a day's work is done."""
		i = bisect_left(self._worked_at_end, amount_us)
		return self._starts[i] + amount_us - self._worked_at_start[i]

	# -- the working clock of wall-clock time ---------------------------------------------------------------

	def _wall_working_clock(self, wall_us: int) -> int:
		"""Working microseconds of wall-clock time from 0001-01-01 to ``wall_us``."""
		day, clock = divmod(wall_us, US_PER_DAY)
		known = self._day_cache.get(day)
		if known is None:
			known = self._remember_day(day)
		worked, is_working = known
		return worked + self._worked_before(clock) if is_working else worked

	def _remember_day(self, day: int) -> tuple[int, bool]:
		"""Working time before ``day`` and its status, memoised: SLA batches revisit the same few days."""
		if len(self._day_cache) >= _DAY_CACHE_SIZE:
			self._day_cache.clear()
		known = (self._days.count_before(day) * self._day_us, self._days.is_working(day))
		self._day_cache[day] = known
		return known

	def _wall_at_working_clock(self, working_us: int) -> int:
		"""Earliest wall-clock time at which ``_wall_working_clock`` reaches ``working_us`` (> 0)."""
		rank, rest = divmod(working_us - 1, self._day_us)
		return self._days.day_of_rank(rank) * US_PER_DAY + self._clock_after_working(rest + 1)

	# -- public API on the timeline (integer microseconds of real time) -----------------------------------

	def working_clock_us(self, instant_us: int) -> int:
		"""Working microseconds from 0001-01-01 to ``instant_us``: a clock that only runs in working time."""
		k = self._timeline.segment(instant_us)
		return self._wall_working_clock(instant_us + self._timeline.offsets[k]) + self._shift_after[k]

	def us_at_working_clock(self, working_us: int) -> int:
		"""Earliest instant at which ``working_clock_us`` reaches ``working_us`` (> 0)."""
		k = bisect_left(self._clock_at_transition, working_us)  # the segment where the clock reaches it
		instant = self._wall_at_working_clock(working_us - self._shift_after[k]) - self._timeline.offsets[k]
		transitions = self._timeline.transitions
		return min(instant, transitions[k]) if k < len(transitions) else instant

	def working_us_between(self, start_us: int, end_us: int) -> int:
		if end_us <= start_us:
			return 0
		return self.working_clock_us(end_us) - self.working_clock_us(start_us)

	def add_working_us(self, start_us: int, amount_us: int) -> int:
		if amount_us < 0:
			raise ValueError("working time to add must be >= 0")
		if amount_us == 0:
			return start_us
		return self.us_at_working_clock(self.working_clock_us(start_us) + amount_us)

	def paused_working_us_between(
		self, start_us: int, end_us: int, pauses_us: Sequence[tuple[int, int]]
	) -> int:
		"""Working time in ``[start, end)`` minus the (already merged) pause intervals."""
		total = self.working_us_between(start_us, end_us)
		for pause_start, pause_end in pauses_us:
			if pause_start < end_us and pause_end > start_us:
				total -= self.working_us_between(max(pause_start, start_us), min(pause_end, end_us))
		return total

	def pauses_to_us(self, pauses: Iterable[Pause], open_end: datetime) -> list[tuple[int, int]]:
		"""Convert ``(start, end)`` pauses (end None = still paused, until ``open_end``) and merge them."""
		return merge_intervals(
			(self.to_us(start), self.to_us(open_end if end is None else end)) for start, end in pauses
		)

	# -- public API on dates and datetimes ---------------------------------------------------------------

	def is_working_day(self, day: date | datetime) -> bool:
		return self._days.is_working(self._local_date(day).toordinal() - 1)

	def is_working_time(self, moment: datetime) -> bool:
		"""True when ``moment`` lies inside a working interval ``[start, end)`` of a working day."""
		day, clock = divmod(self._timeline.wall_us(self.to_us(moment)), US_PER_DAY)
		return self._days.is_working(day) and any(start <= clock < end for start, end in self._intervals)

	def add_working_days(self, start: date | datetime, n: int) -> date:
		"""The date n working days after day 0 (see module doc); ``n`` may be negative."""
		day = self._local_date(start).toordinal() - 1
		return date.fromordinal(self._days.shift(day, n) + 1)

	def working_days_between(self, start: date | datetime, end: date | datetime) -> int:
		"""Number of working days in ``[start, end)`` (dates; 0 when end <= start)."""
		first = self._local_date(start).toordinal() - 1
		return self._days.count_between(first, self._local_date(end).toordinal() - 1)

	def next_working_instant(self, moment: datetime) -> datetime:
		"""``moment`` if it is working time, else the next opening (12:00 -> 13:30, Friday 18:00 -> Monday 09:00)."""
		if self.is_working_time(moment):
			return moment
		opening = self.add_working_us(self.to_us(moment), 1) - 1
		return self.from_us(opening, moment)

	def add_working_time(self, start: datetime, duration: timedelta | float) -> datetime:
		"""Earliest instant at which ``duration`` (timedelta or seconds, >= 0) of working time has elapsed."""
		amount_us = (
			duration // _ONE_US if isinstance(duration, timedelta) else round(duration * US_PER_SECOND)
		)
		if amount_us == 0:
			return start
		return self.from_us(self.add_working_us(self.to_us(start), amount_us), start)

	def working_time_between(self, start: datetime, end: datetime, pauses: Iterable[Pause] = ()) -> float:
		"""Seconds of working time in ``[start, end)`` (0 if end <= start) minus the merged ``pauses``."""
		start_us, end_us = self.to_us(start), self.to_us(end)
		pauses_us = self.pauses_to_us(pauses, end)
		return self.paused_working_us_between(start_us, end_us, pauses_us) / US_PER_SECOND
