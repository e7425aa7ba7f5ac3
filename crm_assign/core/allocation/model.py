"""Input types of the allocation engine: customers, managers and settings (frozen dataclasses)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

GRADES = ("A", "B", "C")
LEVELS = ("Junior", "Senior", "Expert")
SENIOR_LEVELS = frozenset({"Senior", "Expert"})
MAX_PROFICIENCY = 5

Region = tuple[str, ...]
"""A region as a path from the root, e.g. ``("中国", "广东省", "深圳市")``; ``()`` means unknown."""


class AllocationInputError(ValueError):
	"""Raised for input the engine cannot interpret (duplicate ids, negative capacity, ...)."""


@dataclass(frozen=True, slots=True)
class Customer:
	"""A customer to be owned by exactly one manager.

	``weight`` is the customer's importance (integer >= 1): it multiplies the customer's skill, region and
	stability costs and its penalty for staying unassigned, so heavy customers are served first when
	capacity is short. Capacity is counted in customers.
	"""

	id: str
	region: Region = ()
	grade: str = "C"
	required_skills: frozenset[str] = frozenset()
	current_owner: str | None = None
	weight: int = 1
	pinned: bool = False
	status: str = "active"

	def __post_init__(self):
		if not isinstance(self.region, tuple):
			object.__setattr__(self, "region", tuple(self.region))
		if not isinstance(self.required_skills, frozenset):
			object.__setattr__(self, "required_skills", frozenset(self.required_skills))


@dataclass(frozen=True, slots=True)
class Manager:
	"""An account manager.

	``skills`` maps skill name to proficiency 1-5; ``regions`` lists the regions served (a region covers all
	regions below it); ``performance`` is a relative factor (1.0 = average) scaling the manager's fair share.
	"""

	id: str
	capacity: int
	level: str = "Junior"
	skills: Mapping[str, int] = field(default_factory=dict, hash=False)
	regions: tuple[Region, ...] = ()
	available: bool = True
	performance: float = 1.0

	def __post_init__(self):
		regions = self.regions
		if not isinstance(regions, tuple) or any(not isinstance(r, tuple) for r in regions):
			object.__setattr__(self, "regions", tuple(tuple(r) for r in regions))

	@property
	def is_senior(self) -> bool:
		return self.level in SENIOR_LEVELS


@dataclass(frozen=True)
class AllocationSettings:
	"""Weights and rules of the cost model.

	Region bands: 0 = inside a served region or same city, 1 = same province, 2 = same country, 3 = other;
	``region_band_costs[b]`` is the cost of band b (non-decreasing). With ``region_coordinates`` (region
	path -> (lat, lon)) the band of two located regions comes from ``distance_bands_km`` instead of the tree.

	Load: a manager's fair share is the allocatable demand split in proportion to capacity x performance.
	The marginal cost of a customer at utilisation u (load / fair share) is
	``load_weight * (u + overload_slope * max(0, u - 1))``, sampled every ``load_step`` of the fair share.

	Stability: ``move_cost`` is charged when a customer leaves an owner who could have kept it;
	``max_moves`` caps the number of such moves (``None`` = no cap).
	"""

	skill_weight: float = 1.0
	region_weight: float = 1.0
	load_weight: float = 4.0
	move_cost: float = 1.0
	max_moves: int | None = None
	grade_a_needs_senior: bool = True
	region_band_costs: tuple[float, ...] = (0.0, 0.5, 1.5, 3.0)
	region_coordinates: Mapping[Region, tuple[float, float]] | None = field(default=None, hash=False)
	distance_bands_km: tuple[float, ...] = (50.0, 300.0, 1500.0)
	overload_slope: float = 4.0
	load_step: float = 0.05
	excluded_statuses: frozenset[str] = frozenset({"blacklisted", "exited"})
	cost_scale: int = 1000

	@property
	def region_levels(self) -> int:
		"""Depth of the region tree that counts as "same city" (3 = country/province/city)."""
		return len(self.region_band_costs) - 1
