"""Quality metrics of any assignment under the engine's cost model, so baselines and engine compare fairly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crm_assign.core.allocation.classes import prepare
from crm_assign.core.allocation.model import AllocationSettings, Customer, Manager
from crm_assign.core.allocation.solver import cost_model_for


@dataclass(frozen=True)
class Metrics:
	objective: float  # assignment cost + penalty per allocatable customer left unassigned
	assignment_cost: float
	assigned: int
	unassigned: int  # allocatable customers without an owner
	moves: int  # customers that left an owner who could have kept them
	max_utilisation: float  # max load / capacity
	load_gini: float  # Gini of load / capacity over available managers with capacity
	skill_match_pct: float  # assigned customers whose manager holds all required skills
	same_region_pct: float  # assigned customers in the manager's city or served region (band 0)
	violations: int  # hard-rule breaches: capacity, availability, seniority, excluded status, pins


def gini(values: Sequence[float]) -> float:
	xs = sorted(values)
	n, total = len(xs), sum(xs)
	if n == 0 or total <= 0:
		return 0.0
	weighted = sum((2 * i - n + 1) * x for i, x in enumerate(xs))
	return weighted / (n * total)


def evaluate(
	customers: Sequence[Customer],
	managers: Sequence[Manager],
	owners: Mapping[str, str],
	settings: AllocationSettings | None = None,
) -> Metrics:
	"""Metrics of ``owners`` (customer id -> manager id; missing = unassigned)."""
	settings = settings or AllocationSettings()
	prep = prepare(customers, managers, settings)
	model = cost_model_for(prep, settings)
	index, available = prep.manager_index, prep.managers
	loads = [0] * len(available)
	violations = sum(1 for pos in prep.excluded if customers[pos].id in owners)
	violations += sum(1 for pos in prep.no_eligible if customers[pos].id in owners)
	fixed = penalty = unassigned = moves = skill_ok = near = 0
	for m, positions in prep.pinned.items():
		for pos in positions:
			c = customers[pos]
			if owners.get(c.id) != available[m].id:
				violations += 1
			loads[m] += 1
			fixed += model.skill_units(c.required_skills, m, c.weight) + model.region_units(
				c.region, m, c.weight
			)
			skill_ok += c.required_skills.issubset(available[m].skills)
			near += model.band(c.region, m) == 0
	for cls in prep.classes:
		w = cls.weight
		pair_cache: dict[int, tuple[int, bool, bool]] = {}
		members = [(pos, -1) for pos in cls.unowned]
		members += [(pos, owner) for owner, positions in cls.owned.items() for pos in positions]
		for pos, owner in members:
			target = owners.get(customers[pos].id)
			m = index.get(target) if target is not None else None
			if m is None:
				violations += target is not None
				unassigned += 1
				penalty += model.penalty_units(w)
				continue
			if cls.needs_senior and not available[m].is_senior:
				violations += 1
			loads[m] += 1
			terms = pair_cache.get(m)
			if terms is None:
				units = model.skill_units(cls.skills, m, w) + model.region_units(cls.region, m, w)
				terms = pair_cache[m] = (
					units,
					cls.skills.issubset(available[m].skills),
					model.band(cls.region, m) == 0,
				)
			fixed += terms[0]
			skill_ok += terms[1]
			near += terms[2]
			if owner >= 0 and owner != m:
				moves += 1
				fixed += model.move_units(w)
	violations += sum(1 for m, load in enumerate(loads) if load > available[m].capacity)
	load_units = sum(model.load_units(m, load) for m, load in enumerate(loads))
	assigned = sum(loads)
	cost = (fixed + load_units) / model.scale
	ratios = [load / mgr.capacity for load, mgr in zip(loads, available, strict=True) if mgr.capacity > 0]
	return Metrics(
		objective=cost + penalty / model.scale,
		assignment_cost=cost,
		assigned=assigned,
		unassigned=unassigned,
		moves=moves,
		max_utilisation=max(ratios, default=0.0),
		load_gini=gini(ratios),
		skill_match_pct=100.0 * skill_ok / assigned if assigned else 100.0,
		same_region_pct=100.0 * near / assigned if assigned else 100.0,
		violations=violations,
	)
