"""Build the result: explanations (cost terms + text) per assignment, manager loads, unassigned reasons."""

from __future__ import annotations

from collections.abc import Sequence

from crm_assign.core.allocation.classes import Prepared
from crm_assign.core.allocation.costs import SKILL_GAP, CostModel
from crm_assign.core.allocation.model import Customer, Manager
from crm_assign.core.allocation.placement import Placement
from crm_assign.core.allocation.result import (
	CAPACITY_EXHAUSTED,
	EXCLUDED_STATUS,
	KEPT,
	MOVED,
	NEW,
	NO_ELIGIBLE_MANAGER,
	PINNED,
	REASSIGNED,
	AllocationResult,
	Assignment,
	Explanation,
	ManagerLoad,
	Unassigned,
)

BAND_TEXT = ("same city or served region", "same province", "same country")
KIND_TEXT = {
	PINNED: "pinned by hand",
	KEPT: "kept with current owner",
	MOVED: "moved from current owner",
	REASSIGNED: "previous owner cannot keep it",
	NEW: "new customer",
}


def band_text(band: int, levels: int) -> str:
	if band >= levels:
		return "other region"
	return BAND_TEXT[band] if band < len(BAND_TEXT) else f"region band {band}"


def skill_text(required: frozenset[str], manager: Manager) -> str:
	if not required:
		return "no skills required"
	missing = sorted(k for k in required if k not in manager.skills)
	if missing:
		return "missing skills: " + ", ".join(missing)
	if any(SKILL_GAP[manager.skills[k]] for k in required):
		return "skills held, some below top proficiency"
	return "skills fully matched"


class Explainer:
	def __init__(self, model: CostModel, loads: list[int]):
		self.model, self.loads = model, loads
		self.load_units = [model.load_units(m, load) for m, load in enumerate(loads)]

	def explain(self, region, skills, weight, manager: int, kind: str) -> tuple[Explanation, int]:
		"""Explanation of one customer of this kind; also returns its cost units without the load share."""
		model, scale = self.model, self.model.scale
		mgr = model.managers[manager]
		band = model.band(region, manager)
		skill = model.skill_units(skills, manager, weight)
		region_units = model.region_table(weight)[band]
		stability = model.move_units(weight) if kind == MOVED else 0
		load = self.load_units[manager] / self.loads[manager] / scale
		fixed = skill + region_units + stability
		text = "; ".join(
			(
				f"{KIND_TEXT[kind]} → {mgr.id}",
				skill_text(skills, mgr),
				band_text(band, model.bands.levels),
				f"load {self.loads[manager]}/{mgr.capacity} (fair share {model.fair_share[manager]:.1f})",
			)
		)
		explanation = Explanation(
			skill=skill / scale,
			region=region_units / scale,
			load=load,
			stability=stability / scale,
			total=fixed / scale + load,
			text=text,
		)
		return explanation, fixed


def build_result(
	prep: Prepared,
	model: CostModel,
	placement: Placement,
	all_managers: Sequence[Manager],
	notes: list[str],
) -> AllocationResult:
	customers: Sequence[Customer] = prep.customers
	loads = [len(prep.pinned.get(m, ())) for m in range(len(prep.managers))]
	for group in placement.groups:
		loads[group.manager] += len(group.positions)
	explainer = Explainer(model, loads)
	by_position: list[Assignment | None] = [None] * len(customers)
	fixed_total = 0
	moves = 0
	for m, positions in prep.pinned.items():
		for pos in positions:
			c = customers[pos]
			explanation, fixed = explainer.explain(c.region, c.required_skills, c.weight, m, PINNED)
			fixed_total += fixed
			by_position[pos] = Assignment(c.id, prep.managers[m].id, c.current_owner, PINNED, explanation)
	for group in placement.groups:
		cls, m = group.cls, group.manager
		explanation, fixed = explainer.explain(cls.region, cls.skills, cls.weight, m, group.kind)
		fixed_total += fixed * len(group.positions)
		manager_id, kind = prep.managers[m].id, group.kind
		if kind == MOVED:
			moves += len(group.positions)
		for pos in group.positions:
			c = customers[pos]
			by_position[pos] = Assignment(c.id, manager_id, c.current_owner, kind, explanation)
	assignments = tuple(a for a in by_position if a is not None)
	objective = (fixed_total + sum(explainer.load_units)) / model.scale
	return AllocationResult(
		assignments=assignments,
		unassigned=_unassigned(prep, placement),
		manager_loads=_manager_loads(prep, model, loads, explainer.load_units, all_managers),
		objective=objective,
		moves=moves,
		notes=tuple(notes),
	)


def _unassigned(prep: Prepared, placement: Placement) -> tuple[Unassigned, ...]:
	customers = prep.customers
	rows = []
	for pos in prep.excluded:
		rows.append((pos, EXCLUDED_STATUS, f"status {customers[pos].status!r} is excluded from allocation"))
	for pos in prep.no_eligible:
		why = "no available manager" if not prep.managers else "grade A needs a Senior/Expert manager"
		rows.append((pos, NO_ELIGIBLE_MANAGER, f"no eligible manager: {why}"))
	for pos in placement.capacity_exhausted:
		rows.append((pos, CAPACITY_EXHAUSTED, "every eligible manager is at capacity"))
	rows.sort()
	return tuple(Unassigned(customers[pos].id, reason, text) for pos, reason, text in rows)


def _manager_loads(prep, model, loads, load_units, all_managers) -> tuple[ManagerLoad, ...]:
	rows = []
	for mgr in all_managers:
		i = prep.manager_index.get(mgr.id) if mgr.available else None
		before = prep.owner_counts.get(mgr.id, 0)
		if i is None:
			rows.append(ManagerLoad(mgr.id, mgr.capacity, 0.0, before, 0, 0.0))
		else:
			share = model.fair_share[i]
			rows.append(
				ManagerLoad(mgr.id, mgr.capacity, share, before, loads[i], load_units[i] / model.scale)
			)
	return tuple(rows)
