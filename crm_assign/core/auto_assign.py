"""Choose an owner for one new customer at once, by the allocation engine's cost terms (pure Python).

The engine's min-cost flow finds the best allocation of many customers; for a single new customer the
optimum is simply the eligible manager with the lowest marginal cost: skill gap + region band + the load
cost of one more customer at that manager's utilisation of their fair share. O(managers), no solver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crm_assign.core.allocation.costs import SKILL_GAP
from crm_assign.core.allocation.model import SENIOR_LEVELS, AllocationSettings, Region
from crm_assign.core.allocation.regions import RegionBands


@dataclass(frozen=True, slots=True)
class Candidate:
	id: str
	capacity: int
	load: int
	level: str = "Junior"
	skills: dict | None = None
	regions: tuple[Region, ...] = ()
	performance: float = 1.0


@dataclass(frozen=True, slots=True)
class Choice:
	manager_id: str
	skill: float
	region: float
	load: float

	@property
	def total(self) -> float:
		return self.skill + self.region + self.load


def ranked_candidates(
	region: Region,
	grade: str,
	required_skills: frozenset[str],
	candidates: Sequence[Candidate],
	settings: AllocationSettings,
) -> list[Choice]:
	"""Eligible candidates, cheapest first (ties broken by id, so the choice is deterministic)."""
	eligible = [
		c
		for c in candidates
		if c.load < c.capacity
		and not (settings.grade_a_needs_senior and grade == "A" and c.level not in SENIOR_LEVELS)
	]
	if not eligible:
		return []
	weights = [c.capacity * c.performance for c in candidates if c.capacity > 0]
	total_weight = sum(weights) or 1.0
	demand = sum(c.load for c in candidates) + 1
	bands = RegionBands(settings)
	choices = []
	for c in eligible:
		share = max(1.0, demand * c.capacity * c.performance / total_weight)
		u = (c.load + 0.5) / share
		load = settings.load_weight * (u + settings.overload_slope * max(0.0, u - 1.0))
		skills = c.skills or {}
		skill = settings.skill_weight * sum(SKILL_GAP[skills.get(k, 0)] for k in required_skills)
		band = bands.manager_band(tuple(region), tuple(c.regions))
		choices.append(Choice(c.id, skill, settings.region_weight * settings.region_band_costs[band], load))
	choices.sort(key=lambda ch: (ch.total, ch.manager_id))
	return choices
