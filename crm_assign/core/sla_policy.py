"""SLA policy as plain data: response/resolution targets per severity × customer grade, with a default.

>>> policy = SlaPolicy.from_dict(
...     {
...         "default": {"response_seconds": 8 * 3600, "resolution_seconds": 40 * 3600},
...         "rules": [
...             {"severity": "High", "grade": "A", "response_seconds": 3600, "resolution_seconds": 4 * 3600}
...         ],
...     }
... )
>>> policy.targets_for("High", "A").response_seconds
3600
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SEVERITIES = ("Low", "Medium", "High", "Critical")
CUSTOMER_GRADES = ("A", "B", "C")
DEFAULT_PAUSING_STATUSES = frozenset({"Waiting on Customer"})


class SlaPolicyError(ValueError):
	"""An SLA policy's plain data is invalid."""


class OverlappingSlaRuleError(SlaPolicyError):
	"""Two rules target the same severity × customer grade."""


@dataclass(frozen=True)
class SlaTargets:
	"""Working-time targets, in seconds, counted from the moment a complaint is opened."""

	response_seconds: float
	resolution_seconds: float

	def __post_init__(self) -> None:
		if self.response_seconds < 0 or self.resolution_seconds < 0:
			raise SlaPolicyError(f"SLA targets must be >= 0 seconds, got {self}")


@dataclass(frozen=True)
class SlaRule:
	severity: str
	grade: str
	targets: SlaTargets


def validate_sla_rules(rules: Iterable[SlaRule]) -> dict[tuple[str, str], SlaTargets]:
	"""Check severities and grades, refuse a severity × grade given twice; return the lookup table."""
	table: dict[tuple[str, str], SlaTargets] = {}
	first_seen: dict[tuple[str, str], int] = {}
	for number, rule in enumerate(rules, start=1):
		if rule.severity not in SEVERITIES:
			raise SlaPolicyError(
				f"SLA rule #{number}: unknown severity {rule.severity!r}, expected {SEVERITIES}"
			)
		if rule.grade not in CUSTOMER_GRADES:
			raise SlaPolicyError(
				f"SLA rule #{number}: unknown customer grade {rule.grade!r}, expected {CUSTOMER_GRADES}"
			)
		key = (rule.severity, rule.grade)
		if key in first_seen:
			raise OverlappingSlaRuleError(
				f"SLA rules #{first_seen[key]} and #{number} both set severity {rule.severity!r} × "
				f"grade {rule.grade!r}; keep one rule per severity × grade"
			)
		first_seen[key] = number
		table[key] = rule.targets
	return table


@dataclass(frozen=True)
class SlaPolicy:
	"""Targets per (severity, grade), a default for the rest, pausing statuses and the at-risk ratio.

	A complaint is "At Risk" once ``at_risk_ratio`` of a target's working time is consumed (>=).
	"""

	rules: tuple[SlaRule, ...]
	default: SlaTargets
	pausing_statuses: frozenset[str] = DEFAULT_PAUSING_STATUSES
	at_risk_ratio: float = 0.8
	_table: dict[tuple[str, str], SlaTargets] = field(init=False, repr=False, compare=False, hash=False)

	def __post_init__(self) -> None:
		object.__setattr__(self, "rules", tuple(self.rules))
		object.__setattr__(self, "pausing_statuses", frozenset(self.pausing_statuses))
		if not 0 < self.at_risk_ratio <= 1:
			raise SlaPolicyError(f"at_risk_ratio must be in (0, 1], got {self.at_risk_ratio}")
		object.__setattr__(self, "_table", validate_sla_rules(self.rules))

	def targets_for(self, severity: str, grade: str) -> SlaTargets:
		return self._table.get((severity, grade), self.default)

	@classmethod
	def from_dict(cls, data: Mapping) -> SlaPolicy:
		"""Build from plain data: ``default``, ``rules`` (dicts), ``pausing_statuses``, ``at_risk_ratio``."""

		def targets(item: Mapping) -> SlaTargets:
			return SlaTargets(item["response_seconds"], item["resolution_seconds"])

		return cls(
			rules=tuple(SlaRule(r["severity"], r["grade"], targets(r)) for r in data.get("rules", ())),
			default=targets(data["default"]),
			pausing_statuses=frozenset(data.get("pausing_statuses", DEFAULT_PAUSING_STATUSES)),
			at_risk_ratio=data.get("at_risk_ratio", 0.8),
		)
