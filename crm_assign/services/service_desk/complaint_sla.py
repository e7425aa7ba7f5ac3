"""Complaint SLAs: due times and status from the Service Level Policy on the working calendar, and escalation.

The arithmetic is the pure SLA clock (``crm_assign.core.sla``); this module loads policies, status history and
recipients set-wise, converts Frappe's naive site-zone datetimes, writes results and sends notifications.

* Targets: the policy's row for severity × grade, else its row for the severity with no grade; no row = no SLA.
* The clock starts at ``sla_started_on`` (opening, or the last reopening); statuses listed in the policy pause
  it. After a reopening the response target counts as met at the reopening, and breaches of earlier cycles
  are carried in ``earlier_breaches`` so that breaching again escalates further.
* Escalation levels (core ``escalation_level``): 1 owner and responsible person (a target at risk), 2 the
  owner's team leader (one breach), 3 every Customer Manager (two breaches). Levels only rise; each level
  reached is logged on the complaint and notified once (Notification Log, the bell in Desk).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.utils import get_datetime, now_datetime

from crm_assign.core.sla import SlaState, SlaStatus, escalation_level, pauses_from_status_history, sla_status
from crm_assign.core.sla_policy import SlaTargets
from crm_assign.core.worktime import WorkCalendar
from crm_assign.services.service_desk.recipients import customer_manager_users, team_leaders
from crm_assign.services.service_desk.work_calendar import get_work_calendar, site_zone
from crm_assign.utils.bulk import bulk_set_values

CLOSED_STATUSES = ("Resolved", "Closed")
LEVEL_NAMES = {1: "Owner", 2: "Team Leader", 3: "Customer Manager"}
HOUR = 3600
LISTED_IN_DIGEST = 5


@dataclass(frozen=True)
class PolicyRules:
	name: str
	targets: dict[tuple[str, str], SlaTargets]
	pausing_statuses: frozenset[str]
	at_risk_ratio: float

	def targets_for(self, severity: str, grade: str | None) -> SlaTargets | None:
		return self.targets.get((severity, grade or "")) or self.targets.get((severity, ""))


@dataclass
class Policies:
	by_name: dict[str, PolicyRules]
	default: str | None

	def for_complaint(self, policy_name: str | None) -> PolicyRules | None:
		return self.by_name.get(policy_name or self.default or "")


def load_policies() -> Policies:
	"""Every enabled policy with its targets, in two queries."""
	policy = frappe.qb.DocType("Service Level Policy")
	rows = (
		frappe.qb.from_(policy)
		.select(policy.name, policy.default_policy, policy.at_risk_percent, policy.pause_on_statuses)
		.where(policy.enabled == 1)
		.run(as_dict=True)
	)
	target = frappe.qb.DocType("Service Level Target")
	targets = defaultdict(dict)
	if rows:
		for row in (
			frappe.qb.from_(target)
			.select(
				target.parent, target.severity, target.grade, target.response_hours, target.resolution_hours
			)
			.where(target.parenttype == "Service Level Policy")
			.where(target.parent.isin([r.name for r in rows]))
			.run(as_dict=True)
		):
			targets[row.parent][(row.severity, row.grade or "")] = SlaTargets(
				(row.response_hours or 0) * HOUR, (row.resolution_hours or 0) * HOUR
			)
	by_name = {
		r.name: PolicyRules(
			r.name,
			targets[r.name],
			frozenset(s.strip() for s in (r.pause_on_statuses or "").splitlines() if s.strip()),
			min(max((r.at_risk_percent or 80) / 100, 0.01), 1),
		)
		for r in rows
	}
	default = next((r.name for r in rows if r.default_policy), None)
	return Policies(by_name, default)


class Clock:
	"""Converts stored naive site-zone datetimes for the calendar (a no-op when both zones are the same)."""

	def __init__(self, calendar: WorkCalendar):
		self.calendar = calendar
		self.zone = site_zone()
		self.same_zone = calendar.zone.key == self.zone.key

	def to_core(self, value) -> datetime | None:
		if not value:
			return None
		value = get_datetime(value)
		return value if self.same_zone else value.replace(tzinfo=self.zone)

	def from_core(self, value: datetime) -> datetime:
		return value if self.same_zone else value.astimezone(self.zone).replace(tzinfo=None)


@dataclass
class SlaOutcome:
	sla_status: str
	response_by: datetime | None
	resolution_by: datetime | None
	paused: bool
	level: int
	breaches: int
	reasons: list[str] = field(default_factory=list)


NO_SLA = SlaOutcome("", None, None, False, 0, 0)


def overall_state(status: SlaStatus) -> str:
	states = (status.response.state, status.resolution.state)
	if SlaState.BREACHED in states:
		return SlaState.BREACHED.value
	if SlaState.AT_RISK in states:
		return SlaState.AT_RISK.value
	if all(state is SlaState.MET for state in states):
		return SlaState.MET.value
	return SlaState.ON_TRACK.value


def evaluate(
	row, history: Iterable[tuple], policy: PolicyRules | None, clock: Clock, now: datetime
) -> SlaOutcome:
	"""SLA of one complaint (a dict-like with the complaint's fields) at ``now`` (naive, site zone)."""
	targets = policy.targets_for(row.get("severity"), row.get("customer_grade")) if policy else None
	if targets is None:
		return NO_SLA
	opened = clock.to_core(row.get("sla_started_on") or row.get("opened_on"))
	reopened = get_datetime(row.get("sla_started_on") or row.get("opened_on")) > get_datetime(
		row.get("opened_on")
	)
	responded = opened if reopened else clock.to_core(row.get("first_responded_on"))
	resolved = clock.to_core(row.get("resolved_on"))
	pauses = pauses_from_status_history(
		((clock.to_core(changed_on), status) for changed_on, status in history), policy.pausing_statuses
	)
	status = sla_status(
		opened, clock.to_core(now), responded, resolved, pauses, targets, clock.calendar, policy.at_risk_ratio
	)
	reasons = [
		_("{0} {1}").format(_(label), _(target.state.value))
		for label, target in (("Response", status.response), ("Resolution", status.resolution))
		if target.state in (SlaState.AT_RISK, SlaState.BREACHED)
	]
	return SlaOutcome(
		sla_status=overall_state(status),
		response_by=clock.from_core(status.response.due),
		resolution_by=clock.from_core(status.resolution.due),
		paused=row.get("status") in policy.pausing_statuses,
		level=escalation_level(status, row.get("earlier_breaches") or 0),
		breaches=status.breaches,
		reasons=reasons,
	)


def evaluate_document(doc, now: datetime | None = None) -> SlaOutcome:
	"""SLA of a complaint document being saved (its status history is on the document)."""
	policies = load_policies()
	if not doc.service_level_policy:
		doc.service_level_policy = policies.default
	clock = Clock(get_work_calendar())
	history = [(row.changed_on, row.status) for row in doc.status_log]
	return evaluate(
		doc.as_dict(), history, policies.for_complaint(doc.service_level_policy), clock, now or now_datetime()
	)


# -- escalation -------------------------------------------------------------------------------------------


@dataclass
class Escalation:
	complaint: str
	subject: str
	level: int
	users: list[str]
	reason: str


def recipients_by_level(complaints: list[dict]) -> dict[str, dict[int, list[str]]]:
	"""Users to notify per complaint and level, loaded set-wise (managers' team leaders, Customer Managers)."""
	managers = {c["account_manager"] for c in complaints if c.get("account_manager")}
	leaders = team_leaders(managers)
	customer_managers = customer_manager_users()
	result = {}
	for complaint in complaints:
		owner = complaint.get("account_manager")
		owners = _unique([complaint.get("responsible_person"), owner])
		leader = [leaders[owner]] if owner in leaders else []
		result[complaint["name"]] = {
			1: owners or leader or customer_managers,
			2: leader or customer_managers,
			3: customer_managers,
		}
	return result


def _unique(values) -> list[str]:
	return list(dict.fromkeys(v for v in values if v))


def escalations_for(
	complaint: dict, old_level: int, outcome: SlaOutcome, recipients: dict
) -> list[Escalation]:
	"""One Escalation per level crossed (old_level, outcome.level]."""
	reason = ", ".join(outcome.reasons)
	return [
		Escalation(complaint["name"], complaint.get("subject") or "", level, recipients[level], reason)
		for level in range(old_level + 1, outcome.level + 1)
	]


def escalation_row(escalation: Escalation, now: datetime) -> dict:
	return {
		"level": escalation.level,
		"escalated_to": LEVEL_NAMES[escalation.level],
		"notified_users": "\n".join(escalation.users),
		"escalated_on": now,
		"reason": escalation.reason,
	}


def notify(escalations: Iterable[Escalation]) -> None:
	"""One notification per user: the escalation itself, or a digest when several reach the same person."""
	by_user = defaultdict(list)
	for escalation in escalations:
		for user in escalation.users:
			by_user[user].append(escalation)
	for user, items in by_user.items():
		first = items[0]
		if len(items) == 1:
			subject = _("Complaint {0} escalated to you (level {1}): {2}").format(
				first.complaint, first.level, first.reason
			)
		else:
			listed = ", ".join(dict.fromkeys(e.complaint for e in items[:LISTED_IN_DIGEST]))
			subject = _("{0} complaint escalations for you: {1}").format(len(items), listed)
		make_notification_logs(
			frappe._dict(
				type="Alert",
				document_type="Customer Complaint",
				document_name=first.complaint,
				subject=subject,
				email_content=first.subject,
			),
			[user],
		)


# -- the scheduled job -------------------------------------------------------------------------------------


COMPLAINT_FIELDS = (
	"name",
	"subject",
	"status",
	"severity",
	"customer_grade",
	"service_level_policy",
	"opened_on",
	"sla_started_on",
	"first_responded_on",
	"resolved_on",
	"response_by",
	"resolution_by",
	"sla_status",
	"sla_paused",
	"escalation_level",
	"earlier_breaches",
	"account_manager",
	"responsible_person",
)


def refresh_open_complaints(now: datetime | None = None) -> dict:
	"""Recompute the SLA of every open complaint and escalate; a few queries whatever the number of complaints."""
	now = get_datetime(now) if now else now_datetime()
	complaint = frappe.qb.DocType("Customer Complaint")
	rows = (
		frappe.qb.from_(complaint)
		.select(*(complaint[f] for f in COMPLAINT_FIELDS))
		.where(complaint.status.notin(CLOSED_STATUSES))
		.run(as_dict=True)
	)
	if not rows:
		return {"complaints": 0, "updated": 0, "escalated": 0}
	history = load_status_history()
	policies = load_policies()
	clock = Clock(get_work_calendar())

	updates, raised = {}, []
	for row in rows:
		outcome = evaluate(
			row, history.get(row.name, ()), policies.for_complaint(row.service_level_policy), clock, now
		)
		values = changed_values(row, outcome)
		if outcome.level > (row.escalation_level or 0):
			values["escalation_level"] = outcome.level
			raised.append((row, outcome))
		if values:
			updates[row.name] = values
	bulk_set_values("Customer Complaint", updates)

	escalations = []
	if raised:
		recipients = recipients_by_level([row for row, _ in raised])
		for row, outcome in raised:
			escalations += escalations_for(row, row.escalation_level or 0, outcome, recipients[row.name])
		insert_escalation_rows(escalations, now)
		notify(escalations)
	return {"complaints": len(rows), "updated": len(updates), "escalated": len(raised)}


def changed_values(row, outcome: SlaOutcome) -> dict:
	"""The computed fields whose stored value differs."""
	values = {
		"sla_status": outcome.sla_status,
		"response_by": outcome.response_by,
		"resolution_by": outcome.resolution_by,
		"sla_paused": int(outcome.paused),
	}
	return {f: v for f, v in values.items() if not _same(row.get(f), v)}


def _same(old, new) -> bool:
	if isinstance(new, datetime) or isinstance(old, datetime):
		return (get_datetime(old) if old else None) == (new or None)
	return (old or None) == (new or None)


def load_status_history() -> dict[str, list[tuple]]:
	"""Status history of every open complaint, in one query."""
	log, complaint = frappe.qb.DocType("Complaint Status Log"), frappe.qb.DocType("Customer Complaint")
	history = defaultdict(list)
	for parent, changed_on, status in (
		frappe.qb.from_(log)
		.join(complaint)
		.on(complaint.name == log.parent)
		.select(log.parent, log.changed_on, log.status)
		.where(log.parenttype == "Customer Complaint")
		.where(complaint.status.notin(CLOSED_STATUSES))
		.run()
	):
		history[parent].append((changed_on, status))
	return history


def insert_escalation_rows(escalations: list[Escalation], now: datetime) -> None:
	"""Append the escalation log rows of many complaints in one insert (idx after each complaint's last row)."""
	if not escalations:
		return
	log = frappe.qb.DocType("Complaint Escalation")
	from frappe.query_builder.functions import Max

	parents = list({e.complaint for e in escalations})
	last_idx = dict(
		frappe.qb.from_(log)
		.select(log.parent, Max(log.idx))
		.where(log.parenttype == "Customer Complaint")
		.where(log.parent.isin(parents))
		.groupby(log.parent)
		.run()
	)
	fields = [
		"name",
		"parent",
		"parenttype",
		"parentfield",
		"idx",
		"creation",
		"modified",
		"owner",
		"modified_by",
	]
	fields += ["level", "escalated_to", "notified_users", "escalated_on", "reason"]
	values = []
	for escalation in escalations:
		idx = last_idx.get(escalation.complaint, 0) + 1
		last_idx[escalation.complaint] = idx
		row = escalation_row(escalation, now)
		values.append(
			(
				frappe.generate_hash(length=10),
				escalation.complaint,
				"Customer Complaint",
				"escalations",
				idx,
				now,
				now,
				frappe.session.user,
				frappe.session.user,
				*(row[f] for f in ("level", "escalated_to", "notified_users", "escalated_on", "reason")),
			)
		)
	frappe.db.bulk_insert("Complaint Escalation", fields, values)


def refresh_sla_job() -> None:
	"""Scheduler entry point (every 10 minutes)."""
	refresh_open_complaints()
