"""A time zone as a table of UTC-offset segments: wall-clock time ↔ real instants, DST gaps and folds exact.

Instants are integer microseconds of real (elapsed) time since 0001-01-01 00:00 UTC. The zone's history is
read once from ``zoneinfo`` (1900–2100; outside, the nearest segment's offset holds) and cut into segments
of constant offset; ``segment k`` covers the instants ``[T_k, T_k+1)`` and shows the wall clock
``instant + offset_k``.

Wall-clock times that do not exist or exist twice follow PEP 495, as ``datetime.replace(tzinfo=zone)``
does:

* In a **gap** (clocks jump forward, e.g. 02:00 → 03:00), a wall time in the skipped hour is read with
  ``fold=0`` with the offset in force *before* the jump (02:30 is the instant shown as 03:30 after it) and
  with ``fold=1`` with the offset after it (the instant shown as 01:30). No instant shows a gap time, so a
  wall time computed from an instant never lies in a gap.
* In a **fold** (clocks fall back, e.g. 03:00 → 02:00), a repeated wall time is its first occurrence with
  ``fold=0`` and its second with ``fold=1``; a wall time computed from an instant carries the fold it has.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

US_PER_SECOND = 1_000_000
_EPOCH = datetime(1, 1, 1)
_EPOCH_UTC = datetime(1, 1, 1, tzinfo=timezone.utc)
_ONE_US = timedelta(microseconds=1)
_SCAN_FROM, _SCAN_TO = datetime(1900, 1, 1, tzinfo=timezone.utc), datetime(2101, 1, 1, tzinfo=timezone.utc)
_SCAN_STEP = timedelta(days=1)


def _offset_us(zone: ZoneInfo, instant: datetime) -> int:
	return instant.astimezone(zone).utcoffset() // _ONE_US


def _transition_between(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
	"""The first instant (whole second) in ``(before, after]`` whose offset differs from ``before``'s."""
	offset = _offset_us(zone, before)
	lo, hi = 0, int((after - before).total_seconds())
	while hi - lo > 1:
		mid = (lo + hi) // 2
		if _offset_us(zone, before + timedelta(seconds=mid)) == offset:
			lo = mid
		else:
			hi = mid
	return before + timedelta(seconds=hi)


@lru_cache(maxsize=64)
def zone_timeline(key: str) -> ZoneTimeline:
	"""The (cached) timeline of the IANA zone ``key``."""
	return ZoneTimeline(ZoneInfo(key))


class ZoneTimeline:
	"""Offset segments of one zone and the conversions between datetimes, instants and wall-clock times."""

	__slots__ = ("_end_walls", "_offsets", "_start_walls", "_starts", "zone")

	def __init__(self, zone: ZoneInfo):
		self.zone = zone
		starts, offsets = [], [_offset_us(zone, _SCAN_FROM)]
		moment = _SCAN_FROM
		while moment < _SCAN_TO:
			following = moment + _SCAN_STEP
			if _offset_us(zone, following) != offsets[-1]:
				change = _transition_between(zone, moment, following)
				starts.append((change - _EPOCH_UTC) // _ONE_US)
				offsets.append(_offset_us(zone, change))
			moment = following
		self._starts = tuple(starts)  # T_k of segments 1..n (segment 0 has no start)
		self._offsets = tuple(offsets)  # offset_k of segments 0..n
		self._start_walls = tuple(t + offsets[k + 1] for k, t in enumerate(starts))
		self._end_walls = tuple(t + offsets[k] for k, t in enumerate(starts))  # end wall of segment k

	@property
	def transitions(self) -> tuple[int, ...]:
		"""Instants at which the offset changes (segment starts)."""
		return self._starts

	@property
	def offsets(self) -> tuple[int, ...]:
		return self._offsets

	def segment(self, instant_us: int) -> int:
		return bisect_right(self._starts, instant_us)

	def wall_us(self, instant_us: int) -> int:
		"""Wall-clock microseconds since 0001-01-01 00:00 shown at ``instant_us``."""
		return instant_us + self._offsets[self.segment(instant_us)]

	def instant_of_wall(self, wall_us: int, fold: int = 0) -> int:
		"""The instant of a wall-clock time, gaps and folds read as PEP 495 says (module doc)."""
		j = bisect_right(self._start_walls, wall_us)  # last segment whose first wall time is <= wall_us
		offsets, n = self._offsets, len(self._starts)
		if j < n and wall_us >= self._end_walls[j]:  # in the gap before segment j + 1
			return wall_us - offsets[j + fold]
		if j > 0 and wall_us < self._end_walls[j - 1]:  # repeated: segment j - 1, then segment j
			return wall_us - offsets[j - 1 + fold]
		return wall_us - offsets[j]

	def to_instant_us(self, moment: datetime) -> int:
		"""Instant of a datetime: aware ones as they are, naive ones as wall-clock time in this zone."""
		if moment.tzinfo is not None:
			return (moment - _EPOCH_UTC) // _ONE_US
		return self.instant_of_wall((moment - _EPOCH) // _ONE_US, moment.fold)

	def wall_datetime(self, instant_us: int) -> datetime:
		"""Naive wall-clock datetime of an instant, with ``fold=1`` on the second pass of a repeated hour."""
		k = self.segment(instant_us)
		wall = instant_us + self._offsets[k]
		second_pass = k > 0 and wall < self._end_walls[k - 1]
		return (_EPOCH + timedelta(microseconds=wall)).replace(fold=int(second_pass))

	def from_instant_us(self, instant_us: int, like: datetime) -> datetime:
		"""A datetime of the kind of ``like``: naive wall-clock time here, or aware in ``like``'s tzinfo."""
		if like.tzinfo is None:
			return self.wall_datetime(instant_us)
		return (_EPOCH_UTC + timedelta(microseconds=instant_us)).astimezone(like.tzinfo)
