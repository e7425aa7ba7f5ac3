"""The cost model in integer cost units (``cost_scale`` units = 1.0), shared by solver, explanations, metrics.

Terms of assigning customer c to manager m:

* skill: ``skill_weight * weight * sum(gap)`` over c's required skills; the gap is 1 for a missing skill
  and shrinks with proficiency (0.5 at 1 ... 0 at 5);
* region: ``region_weight * weight * region_band_costs[band]``;
* stability: ``move_cost * weight`` when c leaves an owner who could have kept it;
* load (per manager, convex piecewise-linear in its load, see ``AllocationSettings``).
"""

from __future__ import annotations

from collections.abc import Sequence

from crm_assign.core.allocation.model import AllocationSettings, Manager, Region
from crm_assign.core.allocation.regions import RegionBands

SKILL_GAP = (1.0, 0.5, 0.375, 0.25, 0.125, 0.0)  # index = proficiency, 0 = skill missing
MAX_PRICED_UTILISATION = 10.0  # the load slope stays flat beyond 10x the fair share


def fair_shares(managers: Sequence[Manager], demand: int) -> list[float]:
	"""Demand split in proportion to capacity x performance."""
	weights = [m.capacity * m.performance for m in managers]
	total = sum(weights)
	return [demand * w / total if total else 0.0 for w in weights]


class CostModel:
	"""Integer costs for one run; ``managers`` are the available managers in a fixed order."""

	def __init__(
		self,
		settings: AllocationSettings,
		managers: Sequence[Manager],
		demand: int,
		max_required_skills: int,
		chain_bound: int,
	):
		self.settings = settings
		self.scale = settings.cost_scale
		self.managers = managers
		self.bands = RegionBands(settings)
		self.fair_share = fair_shares(managers, demand)
		self.segments = [
			self._segments(m.capacity, t) for m, t in zip(managers, self.fair_share, strict=True)
		]
		self._skill_cache: dict[tuple[frozenset[str], int], int] = {}
		self._region_tables: dict[int, tuple[int, ...]] = {}
		max_slope = max((seg[-1][2] for seg in self.segments if seg), default=0)
		s = settings
		path = self.scale * (
			s.skill_weight * max_required_skills + s.region_weight * s.region_band_costs[-1] + s.move_cost
		)
		self.max_path_units = int(path) + max_slope + 1
		self.max_lambda = 2 * self.max_path_units
		self.penalty_unit = (self.max_path_units + self.max_lambda) * (chain_bound + 1)

	def _segments(self, capacity: int, share: float) -> list[tuple[int, int, int]]:
		"""(start, end, slope) pieces covering loads 0..capacity; slope = cost units per customer."""
		s = self.settings
		share = max(share, 1.0)
		width = max(1, round(share * s.load_step))
		pieces = []
		for start in range(0, capacity, width):
			end = min(capacity, start + width)
			u = min((start + end) / 2 / share, MAX_PRICED_UTILISATION)
			slope = round(self.scale * s.load_weight * (u + s.overload_slope * max(0.0, u - 1.0)))
			pieces.append((start, end, slope))
		return pieces

	def load_units(self, manager: int, load: int) -> int:
		"""Load cost of a manager carrying ``load`` customers (extrapolated beyond capacity)."""
		total = 0
		pieces = self.segments[manager]
		for start, end, slope in pieces:
			if load <= start:
				return total
			total += (min(load, end) - start) * slope
		if pieces and load > pieces[-1][1]:
			total += (load - pieces[-1][1]) * pieces[-1][2]
		return total

	def skill_gap(self, required: frozenset[str], manager: int) -> float:
		skills = self.managers[manager].skills
		return sum(SKILL_GAP[skills.get(k, 0)] for k in required)

	def skill_units(self, required: frozenset[str], manager: int, weight: int) -> int:
		if not required:
			return 0
		key = (required, manager)
		unit = self._skill_cache.get(key)
		if unit is None:
			unit = self._skill_cache[key] = round(
				self.scale * self.settings.skill_weight * self.skill_gap(required, manager)
			)
		return unit * weight

	def region_table(self, weight: int) -> tuple[int, ...]:
		"""Cost units per band for a customer of this weight (non-decreasing)."""
		table = self._region_tables.get(weight)
		if table is None:
			s = self.settings
			table = tuple(round(self.scale * s.region_weight * c) * weight for c in s.region_band_costs)
			self._region_tables[weight] = table
		return table

	def band(self, region: Region, manager: int) -> int:
		return self.bands.manager_band(region, self.managers[manager].regions)

	def region_units(self, region: Region, manager: int, weight: int) -> int:
		return self.region_table(weight)[self.band(region, manager)]

	def move_units(self, weight: int) -> int:
		return round(self.scale * self.settings.move_cost) * weight

	def penalty_units(self, weight: int) -> int:
		"""Cost of leaving a customer unassigned: above any chain of reassignments, so max-flow comes first."""
		return self.penalty_unit * weight
