"""SLA clock for complaints: due times, status per target, escalation level.

Semantics
---------
* Both targets (response, resolution) count working time of the ``WorkCalendar`` from ``opened_at``; pause
  intervals (e.g. the complaint sat in "Waiting on Customer") are not counted, so they push the due time.
* ``due`` is the earliest instant at which the target's working time is used up, given the pauses known so
  far; while a pause is still open the clock is stopped and ``due`` is projected as if it resumed now.
* A target is done at ``first_responded_at`` / ``resolved_at``; a resolution also counts as the response
  when no response was recorded. Done at or before ``due`` -> Met; done after ``due`` -> Breached.
  Open: ``now`` after ``due`` -> Breached; else At Risk once ``elapsed >= at_risk_ratio * target``
  (so exactly at ``due`` it is At Risk); else On Track.
* ``remaining_seconds = target - elapsed`` (negative when overdue).

Escalation chain (``ESCALATION_CHAIN``): level 0 nobody; 1 = owner (a target At Risk); 2 = team leader (one
breach); 3 = Customer Manager (two breaches: response and resolution, or a breach in an earlier cycle of a
reopened complaint, passed as ``earlier_breaches``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import NamedTuple

from crm_assign.core.sla_policy import SlaPolicy, SlaTargets
from crm_assign.core.worktime import US_PER_SECOND, Pause, WorkCalendar

ESCALATION_CHAIN = ("Owner", "Team Leader", "Customer Manager")


class SlaState(str, Enum):
	ON_TRACK = "On Track"
	AT_RISK = "At Risk"
	BREACHED = "Breached"
	MET = "Met"


@dataclass(frozen=True, slots=True)
class TargetStatus:
	state: SlaState
	target_seconds: float
	elapsed_seconds: float
	remaining_seconds: float
	due: datetime


@dataclass(frozen=True, slots=True)
class SlaStatus:
	response: TargetStatus
	resolution: TargetStatus

	@property
	def breaches(self) -> int:
		return (self.response.state is SlaState.BREACHED) + (self.resolution.state is SlaState.BREACHED)


class DueTimes(NamedTuple):
	response_by: datetime
	resolution_by: datetime


def due_times(opened_at: datetime, targets: SlaTargets, calendar: WorkCalendar) -> DueTimes:
	"""Due times without pauses (same kind of datetime as ``opened_at``)."""
	return DueTimes(
		calendar.add_working_time(opened_at, targets.response_seconds),
		calendar.add_working_time(opened_at, targets.resolution_seconds),
	)


def pauses_from_status_history(
	status_history: Iterable[tuple[datetime, str]], pausing_statuses: Iterable[str]
) -> list[Pause]:
	"""``(changed_at, new_status)`` entries -> pause intervals; a pause still open ends with ``None``."""
	pausing = frozenset(pausing_statuses)
	pauses: list[Pause] = []
	paused_since: datetime | None = None
	for changed_at, status in sorted(status_history, key=lambda entry: entry[0]):
		if status in pausing and paused_since is None:
			paused_since = changed_at
		elif status not in pausing and paused_since is not None:
			pauses.append((paused_since, changed_at))
			paused_since = None
	if paused_since is not None:
		pauses.append((paused_since, None))
	return pauses


def _due_us(calendar: WorkCalendar, opened: int, target: int, pauses: Sequence[tuple[int, int]]) -> int:
	"""Earliest instant with ``target`` unpaused working time since ``opened``."""
	cursor, needed = opened, target
	for pause_start, pause_end in pauses:
		if pause_end <= cursor:
			continue
		worked = calendar.working_us_between(cursor, pause_start)
		if worked >= needed:
			break
		needed -= worked
		cursor = max(cursor, pause_end)
	return calendar.add_working_us(cursor, needed)


def _state(done: int | None, now: int, due: int, elapsed: int, target: int, at_risk_ratio: float) -> SlaState:
	if done is not None:
		return SlaState.MET if done <= due else SlaState.BREACHED
	if now > due:
		return SlaState.BREACHED
	return SlaState.AT_RISK if elapsed >= at_risk_ratio * target else SlaState.ON_TRACK


def sla_status(
	opened_at: datetime,
	now: datetime,
	first_responded_at: datetime | None,
	resolved_at: datetime | None,
	pauses: Iterable[Pause],
	targets: SlaTargets,
	calendar: WorkCalendar,
	at_risk_ratio: float = 0.8,
) -> SlaStatus:
	"""Status of the response and resolution targets at ``now``; due times in the kind of ``opened_at``."""
	to_us = calendar.to_us
	opened, now_us = to_us(opened_at), to_us(now)
	resolved = None if resolved_at is None else to_us(resolved_at)
	responded = resolved if first_responded_at is None else to_us(first_responded_at)
	pauses_us = calendar.pauses_to_us(pauses, now) if pauses else ()
	opened_clock = calendar.working_clock_us(opened)
	now_clock = calendar.working_clock_us(now_us)

	def target_status(done: int | None, target_seconds: float) -> TargetStatus:
		target = round(target_seconds * US_PER_SECOND)
		end = now_us if done is None else done
		if pauses_us:
			elapsed = calendar.paused_working_us_between(opened, end, pauses_us)
			due = _due_us(calendar, opened, target, [(s, min(e, end)) for s, e in pauses_us if s < end])
		else:
			end_clock = now_clock if done is None else calendar.working_clock_us(done)
			elapsed = max(end_clock - opened_clock, 0)
			due = calendar.us_at_working_clock(opened_clock + target) if target else opened
		return TargetStatus(
			_state(done, now_us, due, elapsed, target, at_risk_ratio),
			target / US_PER_SECOND,
			elapsed / US_PER_SECOND,
			(target - elapsed) / US_PER_SECOND,
			calendar.from_us(due, opened_at),
		)

	return SlaStatus(
		target_status(responded, targets.response_seconds),
		target_status(resolved, targets.resolution_seconds),
	)


def evaluate_complaint(
	policy: SlaPolicy,
	calendar: WorkCalendar,
	*,
	severity: str,
	grade: str,
	opened_at: datetime,
	now: datetime,
	first_responded_at: datetime | None = None,
	resolved_at: datetime | None = None,
	status_history: Iterable[tuple[datetime, str]] = (),
) -> SlaStatus:
	"""``sla_status`` with the policy's targets, pausing statuses and at-risk ratio."""
	return sla_status(
		opened_at,
		now,
		first_responded_at,
		resolved_at,
		pauses_from_status_history(status_history, policy.pausing_statuses),
		policy.targets_for(severity, grade),
		calendar,
		policy.at_risk_ratio,
	)


def escalation_level(status: SlaStatus, earlier_breaches: int = 0) -> int:
	"""0 none, 1 a target At Risk, 2 one breach, 3 two or more breaches (this cycle plus earlier ones)."""
	breaches = status.breaches + earlier_breaches
	if breaches >= 2:
		return 3
	if breaches == 1:
		return 2
	if SlaState.AT_RISK in (status.response.state, status.resolution.state):
		return 1
	return 0


def escalation_recipient(level: int) -> str | None:
	"""Who is notified at an escalation level: None, Owner, Team Leader or Customer Manager."""
	return ESCALATION_CHAIN[level - 1] if level > 0 else None
