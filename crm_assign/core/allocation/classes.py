"""Split the input into excluded, pinned and free customers, and group free customers into classes.

Customers with the same (region, needs-senior, required skills, weight) are interchangeable for the cost
model; inside a class, customers are told apart only by their current owner, so 100k customers become a
few thousand class nodes plus one "stay" arc per (class, owner).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from crm_assign.core.allocation.model import (
	AllocationInputError,
	AllocationSettings,
	Customer,
	Manager,
	Region,
)


@dataclass
class CustomerClass:
	region: Region
	needs_senior: bool
	skills: frozenset[str]
	weight: int
	fresh: list[int] = field(default_factory=list)  # customer positions without a current owner
	orphaned: list[int] = field(default_factory=list)  # owner unknown, unavailable or not eligible
	owned: dict[int, list[int]] = field(default_factory=dict)  # manager index -> positions it may keep
	size: int = 0

	@property
	def unowned(self) -> list[int]:
		"""Positions without an owner who may keep them."""
		return self.fresh + self.orphaned

	@property
	def layer_key(self) -> tuple[frozenset[str], bool, int]:
		return (self.skills, self.needs_senior, self.weight)


@dataclass
class Prepared:
	customers: Sequence[Customer]
	managers: list[Manager]  # available managers, sorted by id
	manager_index: dict[str, int]
	classes: list[CustomerClass]
	pinned: dict[int, list[int]]  # manager index -> pinned customer positions
	excluded: list[int]
	no_eligible: list[int]
	owner_counts: dict[str, int]  # current owner id -> allocatable customers it owns now
	notes: list[str]

	@property
	def demand(self) -> int:
		return sum(c.size for c in self.classes) + sum(len(p) for p in self.pinned.values())

	@property
	def max_required_skills(self) -> int:
		return max((len(c.skills) for c in self.classes), default=0)


def prepare(
	customers: Sequence[Customer], managers: Sequence[Manager], settings: AllocationSettings
) -> Prepared:
	available = sorted((m for m in managers if m.available), key=lambda m: m.id)
	index = {m.id: i for i, m in enumerate(available)}
	senior = [m.is_senior for m in available]
	has_senior = any(senior)
	excluded_statuses = settings.excluded_statuses
	a_needs_senior = settings.grade_a_needs_senior
	groups: dict[tuple, CustomerClass] = {}
	pinned: dict[int, list[int]] = {}
	excluded: list[int] = []
	no_eligible: list[int] = []
	owner_counts: dict[str, int] = {}
	notes: list[str] = []
	for pos, c in enumerate(customers):
		if c.status in excluded_statuses:
			excluded.append(pos)
			continue
		owner = None
		if c.current_owner is not None:
			owner_counts[c.current_owner] = owner_counts.get(c.current_owner, 0) + 1
			owner = index.get(c.current_owner)
		if c.pinned:
			if owner is not None:
				pinned.setdefault(owner, []).append(pos)
				continue
			notes.append(f"pin of customer {c.id} ignored: owner {c.current_owner} is unknown or unavailable")
		needs_senior = a_needs_senior and c.grade == "A"
		if not available or (needs_senior and not has_senior):
			no_eligible.append(pos)
			continue
		key = (c.region, needs_senior, c.required_skills, c.weight)
		cls = groups.get(key)
		if cls is None:
			cls = groups[key] = CustomerClass(c.region, needs_senior, c.required_skills, c.weight)
		cls.size += 1
		if owner is not None and (senior[owner] or not needs_senior):
			cls.owned.setdefault(owner, []).append(pos)
		elif c.current_owner is None:
			cls.fresh.append(pos)
		else:
			cls.orphaned.append(pos)
	for m, positions in pinned.items():
		if len(positions) > available[m].capacity:
			raise AllocationInputError(
				f"manager {available[m].id!r} has {len(positions)} pinned customers but capacity {available[m].capacity}"
			)
	ordered = [groups[k] for k in sorted(groups, key=_sort_key)]
	return Prepared(customers, available, index, ordered, pinned, excluded, no_eligible, owner_counts, notes)


def _sort_key(key: tuple) -> tuple:
	region, needs_senior, skills, weight = key
	return (region, needs_senior, tuple(sorted(skills)), weight)
