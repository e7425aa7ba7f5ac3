"""Region distance bands: by the region tree, or by coordinates when both regions have them.

A band is 0 when the served region contains the customer's region (or both share the same city),
then grows by one per tree level up to the common ancestor: 1 = same province, 2 = same country,
``levels`` = nothing in common.
"""

from __future__ import annotations

import math
from bisect import bisect_left

from crm_assign.core.allocation.model import AllocationSettings, Region

EARTH_RADIUS_KM = 6371.0


def covers(served: Region, region: Region) -> bool:
	"""True when ``served`` is ``region`` or one of its ancestors."""
	return region[: len(served)] == served


def common_depth(a: Region, b: Region) -> int:
	depth = 0
	for x, y in zip(a, b, strict=False):
		if x != y:
			break
		depth += 1
	return depth


def tree_band(region: Region, served: Region, levels: int) -> int:
	if covers(served, region):
		return 0
	return max(0, levels - common_depth(region, served))


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
	lat1, lon1, lat2, lon2 = (math.radians(degrees) for degrees in (a[0], a[1], b[0], b[1]))
	h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
	return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class RegionBands:
	"""Cached band lookups for one settings object."""

	def __init__(self, settings: AllocationSettings):
		self.levels = settings.region_levels
		self.coordinates = settings.region_coordinates or {}
		self.thresholds = tuple(settings.distance_bands_km)
		self._pairs: dict[tuple[Region, Region], int] = {}
		self._served: dict[tuple[Region, tuple[Region, ...]], int] = {}

	@property
	def uses_coordinates(self) -> bool:
		return bool(self.coordinates)

	def band(self, region: Region, served: Region) -> int:
		key = (region, served)
		band = self._pairs.get(key)
		if band is None:
			band = self._pairs[key] = self._compute(region, served)
		return band

	def _compute(self, region: Region, served: Region) -> int:
		if covers(served, region):
			return 0
		a, b = self.coordinates.get(region), self.coordinates.get(served)
		if a is not None and b is not None:
			return bisect_left(self.thresholds, haversine_km(a, b))
		return tree_band(region, served, self.levels)

	def manager_band(self, region: Region, served_regions: tuple[Region, ...]) -> int:
		"""Best band over the regions a manager serves; a manager serving nothing is in the farthest band."""
		key = (region, served_regions)
		band = self._served.get(key)
		if band is None:
			band = min((self.band(region, s) for s in served_regions), default=self.levels)
			self._served[key] = band
		return band
