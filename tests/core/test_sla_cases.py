"""Hand-checked SLA cases on a Mon–Fri 09:00–12:00 + 13:30–18:00 calendar (7.5 working hours a day)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm_assign.core.sla import (
	SlaState,
	due_times,
	escalation_level,
	escalation_recipient,
	evaluate_complaint,
	pauses_from_status_history,
	sla_status,
)
from crm_assign.core.sla_policy import OverlappingSlaRuleError, SlaPolicy, SlaPolicyError, SlaRule, SlaTargets
from crm_assign.core.worktime import WorkCalendar

CAL = WorkCalendar()
H = 3600
POLICY = SlaPolicy.from_dict(
	{
		"default": {"response_seconds": 4 * H, "resolution_seconds": 16 * H},
		"rules": [
			{"severity": "High", "grade": "A", "response_seconds": 1 * H, "resolution_seconds": 4 * H},
			{"severity": "Low", "grade": "C", "response_seconds": 8 * H, "resolution_seconds": 37.5 * H},
		],
		"pausing_statuses": ["Waiting on Customer"],
		"at_risk_ratio": 0.8,
	}
)
HIGH_A = POLICY.targets_for("High", "A")
MON = datetime(2025, 3, 17)  # a Monday


def at(day_offset: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
	return MON + timedelta(days=day_offset, hours=hour, minutes=minute, seconds=second)


def status(now, responded=None, resolved=None, pauses=(), opened=None, targets=HIGH_A):
	return sla_status(opened or at(0, 9), now, responded, resolved, pauses, targets, CAL, 0.8)


def test_due_times_high_a():
	# 11:30 + 1 h = 0.5 h before lunch + 0.5 h after; + 4 h = 0.5 h + 13:30-17:00
	assert due_times(at(0, 11, 30), HIGH_A, CAL) == (at(0, 14), at(0, 17))


def test_due_times_low_c_and_default():
	low_c = POLICY.targets_for("Low", "C")
	# Fri 16:00 + 8 h = Fri 2 h + Mon 6 h -> Mon 16:30; + 37.5 h = exactly 5 working days -> next Fri 16:00
	assert due_times(at(-3, 16), low_c, CAL) == (at(0, 16, 30), at(4, 16))
	assert POLICY.targets_for("Medium", "B") == SlaTargets(4 * H, 16 * H)


def test_pause_extends_due():
	pauses = [(at(0, 9, 15), at(0, 9, 45))]
	result = status(at(0, 9, 50), pauses=pauses)
	assert result.response.due == at(0, 10, 30) and result.resolution.due == at(0, 15)
	assert result.response.elapsed_seconds == 20 * 60 and result.response.remaining_seconds == 40 * 60
	history = [(at(0, 9), "Open"), (at(0, 9, 15), "Waiting on Customer"), (at(0, 9, 45), "In Progress")]
	via_policy = evaluate_complaint(
		POLICY, CAL, severity="High", grade="A", opened_at=at(0, 9), now=at(0, 9, 50), status_history=history
	)
	assert via_policy == result


def test_open_pause_stops_the_clock_and_projects_due_from_now():
	result = status(at(0, 11), pauses=[(at(0, 9, 30), None)])
	assert result.response.elapsed_seconds == 30 * 60
	assert result.response.due == at(0, 11, 30) and result.response.state is SlaState.ON_TRACK


def test_met_versus_breached():
	assert status(at(0, 11), responded=at(0, 10)).response.state is SlaState.MET  # exactly at due
	late = status(at(0, 11), responded=at(0, 10, 0, 1)).response
	assert late.state is SlaState.BREACHED and late.remaining_seconds == -1
	# due Friday 18:00, answered Saturday: no working time passed, but it is after due
	friday = status(at(5, 10), responded=at(5, 10), opened=at(4, 17))
	assert friday.response.due == at(4, 18) and friday.response.state is SlaState.BREACHED


def test_resolution_counts_as_response_when_none_was_recorded():
	result = status(at(0, 12), resolved=at(0, 9, 30))
	assert result.response.state is SlaState.MET and result.resolution.state is SlaState.MET


@pytest.mark.parametrize(
	("now", "expected"),
	[
		(at(0, 9, 47, 59), SlaState.ON_TRACK),
		(at(0, 9, 48), SlaState.AT_RISK),  # 80 % of 1 h consumed
		(at(0, 10), SlaState.AT_RISK),  # exactly at due
		(at(0, 10) + timedelta(microseconds=1), SlaState.BREACHED),
		(at(5, 9), SlaState.BREACHED),  # Saturday after a Monday due: now past due
	],
)
def test_at_risk_boundary(now, expected):
	assert status(now).response.state is expected


def test_user_zone_input_returns_due_in_that_zone():
	berlin = ZoneInfo("Europe/Berlin")
	opened = datetime(2025, 3, 17, 2, tzinfo=berlin)  # 09:00 Shanghai
	result = sla_status(opened, opened, None, None, (), HIGH_A, CAL)
	assert result.response.due == datetime(2025, 3, 17, 3, tzinfo=berlin)
	assert result.response.due.tzinfo is berlin


def test_pauses_from_status_history():
	history = [
		(at(0, 12), "Waiting on Customer"),
		(at(0, 9), "Open"),
		(at(0, 13), "Waiting on Customer"),
		(at(0, 14), "In Progress"),
		(at(0, 16), "Waiting on Customer"),
	]
	assert pauses_from_status_history(history, {"Waiting on Customer"}) == [
		(at(0, 12), at(0, 14)),
		(at(0, 16), None),
	]


def test_escalation_levels_follow_the_chain():
	assert escalation_level(status(at(0, 9, 10))) == 0
	assert escalation_level(status(at(0, 9, 50))) == 1
	assert escalation_level(status(at(0, 10, 30))) == 2  # response breached, resolution on track
	assert escalation_level(status(at(0, 16))) == 3  # response and resolution breached
	reopened = status(at(0, 10, 30), responded=at(0, 9, 30))  # only resolution... still on track
	assert escalation_level(reopened) == 0 and escalation_level(reopened, earlier_breaches=1) == 2
	assert escalation_level(status(at(0, 16), responded=at(0, 9, 30)), earlier_breaches=1) == 3
	assert [escalation_recipient(level) for level in range(4)] == [
		None,
		"Owner",
		"Team Leader",
		"Customer Manager",
	]


def test_overlapping_rules_are_refused_with_a_clear_message():
	targets = SlaTargets(H, 4 * H)
	rules = [SlaRule("High", "A", targets), SlaRule("Low", "C", targets), SlaRule("High", "A", targets)]
	with pytest.raises(OverlappingSlaRuleError, match=r"#1 and #3 both set severity 'High' × grade 'A'"):
		SlaPolicy(rules, default=targets)
	assert issubclass(OverlappingSlaRuleError, ValueError)


@pytest.mark.parametrize(
	"bad",
	[
		lambda t: SlaPolicy([SlaRule("Urgent", "A", t)], default=t),
		lambda t: SlaPolicy([SlaRule("High", "D", t)], default=t),
		lambda t: SlaPolicy([], default=t, at_risk_ratio=1.5),
		lambda t: SlaTargets(-1, 10),
	],
)
def test_invalid_policy_data_is_refused(bad):
	with pytest.raises(SlaPolicyError):
		bad(SlaTargets(H, 4 * H))
