"""Input checks: raise ``AllocationInputError`` with a clear message for data the engine cannot use."""

from __future__ import annotations

import math
from collections.abc import Sequence

from crm_assign.core.allocation.model import (
	GRADES,
	LEVELS,
	MAX_PROFICIENCY,
	AllocationInputError,
	AllocationSettings,
	Customer,
	Manager,
)


def validate_settings(settings: AllocationSettings) -> None:
	for name in ("skill_weight", "region_weight", "load_weight", "move_cost", "overload_slope"):
		value = getattr(settings, name)
		if not math.isfinite(value) or value < 0:
			raise AllocationInputError(f"settings.{name} must be a finite number >= 0, got {value!r}")
	bands = settings.region_band_costs
	if len(bands) < 2 or any(b < 0 or not math.isfinite(b) for b in bands):
		raise AllocationInputError("settings.region_band_costs needs at least 2 finite costs >= 0")
	if list(bands) != sorted(bands):
		raise AllocationInputError("settings.region_band_costs must be non-decreasing (nearer is cheaper)")
	if len(settings.distance_bands_km) != len(bands) - 1:
		raise AllocationInputError(
			"settings.distance_bands_km needs one threshold less than region_band_costs"
		)
	if list(settings.distance_bands_km) != sorted(settings.distance_bands_km):
		raise AllocationInputError("settings.distance_bands_km must be increasing")
	if settings.max_moves is not None and settings.max_moves < 0:
		raise AllocationInputError(f"settings.max_moves must be >= 0 or None, got {settings.max_moves}")
	if not 0 < settings.load_step <= 1:
		raise AllocationInputError(f"settings.load_step must be in (0, 1], got {settings.load_step}")
	if not isinstance(settings.cost_scale, int) or settings.cost_scale < 1:
		raise AllocationInputError("settings.cost_scale must be a positive integer")


def validate_managers(managers: Sequence[Manager]) -> None:
	seen: set[str] = set()
	for m in managers:
		if m.id in seen:
			raise AllocationInputError(f"duplicate manager id {m.id!r}")
		seen.add(m.id)
		if not isinstance(m.capacity, int) or m.capacity < 0:
			raise AllocationInputError(
				f"manager {m.id!r}: capacity must be an integer >= 0, got {m.capacity!r}"
			)
		if m.level not in LEVELS:
			raise AllocationInputError(f"manager {m.id!r}: level must be one of {LEVELS}, got {m.level!r}")
		if not (m.performance > 0 and math.isfinite(m.performance)):
			raise AllocationInputError(f"manager {m.id!r}: performance must be > 0, got {m.performance!r}")
		for skill, level in m.skills.items():
			if not isinstance(level, int) or not 1 <= level <= MAX_PROFICIENCY:
				raise AllocationInputError(
					f"manager {m.id!r}: proficiency of {skill!r} must be an integer 1-{MAX_PROFICIENCY}, got {level!r}"
				)


def validate_customers(customers: Sequence[Customer]) -> None:
	seen: set[str] = set()
	add = seen.add
	grades = frozenset(GRADES)
	for c in customers:
		if c.id in seen:
			raise AllocationInputError(f"duplicate customer id {c.id!r}")
		add(c.id)
		if c.grade not in grades:
			raise AllocationInputError(f"customer {c.id!r}: grade must be one of {GRADES}, got {c.grade!r}")
		if c.weight.__class__ is not int or c.weight < 1:
			raise AllocationInputError(f"customer {c.id!r}: weight must be an integer >= 1, got {c.weight!r}")
		if c.pinned and c.current_owner is None:
			raise AllocationInputError(f"customer {c.id!r} is pinned but has no current owner")
