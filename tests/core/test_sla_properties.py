"""Hypothesis properties of the SLA clock: due times honour pauses, states agree with due and elapsed."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_assign.core.holidays_cn import china_work_calendar
from crm_assign.core.sla import SlaState, due_times, sla_status
from crm_assign.core.sla_policy import SlaTargets

CAL = china_work_calendar([2025, 2026], use_library=False)
US = timedelta(microseconds=1)

moments = st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 31))
seconds = st.integers(0, 60 * 3600)
targets = st.builds(SlaTargets, seconds, seconds)


@st.composite
def pause_lists(draw, opened: datetime):
	pauses = []
	for _ in range(draw(st.integers(0, 4))):
		start = opened + timedelta(minutes=draw(st.integers(-600, 20_000)))
		length = draw(st.none() | st.integers(0, 5_000))
		pauses.append((start, None if length is None else start + timedelta(minutes=length)))
	return pauses


@given(st.data(), moments, targets, st.integers(0, 30_000))
def test_due_is_the_earliest_instant_the_unpaused_target_is_used(data, opened, target, minutes_later):
	now = opened + timedelta(minutes=minutes_later)
	pauses = data.draw(pause_lists(opened))
	result = sla_status(opened, now, None, None, pauses, target, CAL)
	for target_status, target_seconds in (
		(result.response, target.response_seconds),
		(result.resolution, target.resolution_seconds),
	):
		due = target_status.due
		closed = [(s, e or now) for s, e in pauses]
		if due <= now:  # walked the known pauses
			assert CAL.working_time_between(opened, due, closed) == target_seconds
			if target_seconds:
				assert CAL.working_time_between(opened, due - US, closed) < target_seconds
		assert target_status.remaining_seconds == pytest.approx(
			target_seconds - target_status.elapsed_seconds, abs=1e-6
		)
		assert target_status.elapsed_seconds == CAL.working_time_between(opened, now, closed)


@given(st.data(), moments, targets, st.integers(0, 30_000))
def test_pauses_never_bring_due_forward(data, opened, target, minutes_later):
	now = opened + timedelta(minutes=minutes_later)
	unpaused = due_times(opened, target, CAL)
	paused = sla_status(opened, now, None, None, data.draw(pause_lists(opened)), target, CAL)
	assert paused.response.due >= unpaused.response_by
	assert paused.resolution.due >= unpaused.resolution_by


@given(moments, targets, st.integers(0, 30_000), st.none() | st.integers(0, 30_000))
def test_state_agrees_with_due_and_elapsed(opened, target, minutes_later, responded_after):
	now = opened + timedelta(minutes=minutes_later)
	responded = None if responded_after is None else opened + timedelta(minutes=responded_after)
	response = sla_status(opened, now, responded, None, (), target, CAL, at_risk_ratio=0.8).response
	assert response.due == due_times(opened, target, CAL).response_by
	if responded is not None:
		assert response.state is (SlaState.MET if responded <= response.due else SlaState.BREACHED)
	elif now > response.due:
		assert response.state is SlaState.BREACHED
	else:
		expected = SlaState.AT_RISK if response.elapsed_seconds >= 0.8 * target.response_seconds else None
		assert response.state is (expected or SlaState.ON_TRACK)
