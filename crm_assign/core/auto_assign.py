"""Choose an owner for one new customer at once, by the allocation engine's cost terms (pure Python).

The engine's min-cost flow finds the best allocation of many customers; for a single new customer the
optimum is simply the eligible manager with the lowest marginal cost: skill gap + region band + the load
cost of one more customer at that manager's utilisation of their fair share.

Loads change with every insert, profiles rarely. `choose_owner` therefore ranks managers by their static
cost (skills + region) and asks for loads lazily, cheapest first, stopping as soon as no manager left can
beat the best total found (a load cost is never negative): exact, and it reads a few dozen loads, not all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crm_assign.core.allocation.costs import SKILL_GAP
from crm_assign.core.allocation.model import SENIOR_LEVELS, AllocationSettings, Region
from crm_assign.core.allocation.regions import RegionBands


@dataclass(frozen=True, slots=True)
class Profile:
	"""A manager's slowly changing attributes."""

	id: str
	capacity: int
	level: str = "Junior"
	skills: dict | None = None
	regions: tuple[Region, ...] = ()
	performance: float = 1.0


@dataclass(frozen=True, slots=True)
class Candidate:
	"""A profile with its current load (for callers that have all loads at hand)."""

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


def marginal_load_cost(load: int, share: float, settings: AllocationSettings) -> float:
	u = (load + 0.5) / max(1.0, share)
	return settings.load_weight * (u + settings.overload_slope * max(0.0, u - 1.0))


def static_costs(
	region: Region,
	grade: str,
	required_skills: frozenset[str],
	profiles: Sequence[Profile],
	settings: AllocationSettings,
	bands: RegionBands | None = None,
) -> list[tuple[float, float, Profile]]:
	"""(skill cost, region cost, profile) of every manager allowed to take this customer, cheapest first."""
	bands = bands or RegionBands(settings)
	region = tuple(region)
	rows = []
	for p in profiles:
		if p.capacity <= 0 or (
			settings.grade_a_needs_senior and grade == "A" and p.level not in SENIOR_LEVELS
		):
			continue
		skills = p.skills or {}
		skill = settings.skill_weight * sum(SKILL_GAP[skills.get(k, 0)] for k in required_skills)
		band = bands.manager_band(region, tuple(p.regions))
		rows.append((skill, settings.region_weight * settings.region_band_costs[band], p))
	rows.sort(key=lambda row: (row[0] + row[1], row[2].id))
	return rows


def choose_owner(
	region: Region,
	grade: str,
	required_skills: frozenset[str],
	profiles: Sequence[Profile],
	fetch_loads: Callable[[list[str]], dict[str, int]],
	demand: int,
	total_weight: float,
	settings: AllocationSettings,
	bands: RegionBands | None = None,
	batch: int = 50,
	ranked: list[tuple[float, float, Profile]] | None = None,
) -> list[Choice]:
	"""The cheapest eligible managers (best first), reading loads in batches of `batch` only as needed.

	`demand` is the number of customers owned in total plus this one; `total_weight` the sum of
	capacity × performance over the pool, so a manager's fair share is demand × its weight / total.
	`ranked` may pass `static_costs(...)` computed earlier for the same customer profile.
	"""
	if ranked is None:
		ranked = static_costs(region, grade, required_skills, profiles, settings, bands)
	choices: list[Choice] = []
	best = float("inf")
	for start in range(0, len(ranked), batch):
		chunk = ranked[start : start + batch]
		if chunk[0][0] + chunk[0][1] >= best:
			break  # no manager from here on can beat the best total: their load cost is at least 0
		loads = fetch_loads([p.id for _skill, _region, p in chunk])
		for skill, region_cost, p in chunk:
			load = loads.get(p.id)
			if load is None or load >= p.capacity:
				continue
			share = demand * p.capacity * p.performance / (total_weight or 1.0)
			choice = Choice(p.id, skill, region_cost, marginal_load_cost(load, share, settings))
			choices.append(choice)
			best = min(best, choice.total)
	choices.sort(key=lambda ch: (ch.total, ch.manager_id))
	return choices


def ranked_candidates(
	region: Region,
	grade: str,
	required_skills: frozenset[str],
	candidates: Sequence[Candidate],
	settings: AllocationSettings,
) -> list[Choice]:
	"""All eligible candidates with known loads, cheapest first (ties broken by id)."""
	profiles = [Profile(c.id, c.capacity, c.level, c.skills, c.regions, c.performance) for c in candidates]
	loads = {c.id: c.load for c in candidates}
	demand = sum(loads.values()) + 1
	total_weight = sum(c.capacity * c.performance for c in candidates if c.capacity > 0)
	return choose_owner(
		region, grade, required_skills, profiles, lambda ids: {i: loads[i] for i in ids}, demand, total_weight,
		settings, batch=max(1, len(profiles)),
	)  # fmt: skip
