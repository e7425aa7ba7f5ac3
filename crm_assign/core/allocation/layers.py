"""Region sub-networks of one layer (customers sharing skills, seniority need and weight).

Instead of one arc per (customer class, manager), a layer routes customers through region nodes so that
the cheapest path from a customer region to a manager costs exactly the region band cost:

* tree mode: an "up" chain U (climbing one level costs the band increment), a "down" chain D (free) and a
  "covered" chain V (free, towards ancestors) meet at hub H(s) of each served region s;
* coordinates mode: one arc per (customer region, served region) closer than the farthest band, plus a
  "far" node reached at the farthest band's cost.

Managers hang below the hubs (arc cost = their skill cost for the layer), added by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from crm_assign.core.allocation.graph import FlowGraph
from crm_assign.core.allocation.model import Region
from crm_assign.core.allocation.regions import RegionBands

UNLIMITED = 1 << 40


@dataclass
class LayerRegions:
	entries: dict[Region, list[tuple[int, int]]] = field(default_factory=dict)  # region -> [(node, cost)]
	hubs: dict[Region, int] = field(default_factory=dict)  # served region -> hub node
	far: int | None = None  # hub of managers serving no region


def _prefixes(regions: Iterable[Region]) -> set[Region]:
	return {r[:d] for r in regions for d in range(len(r) + 1)}


def _deepest_first(nodes: Iterable[Region]) -> list[Region]:
	return sorted(nodes, key=lambda r: (-len(r), r))


def build_tree_layer(
	graph: FlowGraph,
	anchors: Mapping[Region, int],
	served_regions: Iterable[Region],
	needs_far: bool,
	table: tuple[int, ...],
	levels: int,
) -> LayerRegions:
	"""Tree-mode region nodes; ``anchors`` maps each customer region to the node its customers leave from.

	A customer region that no other customer region lies below and whose entry is free (city level) is
	entered at its anchor itself, which then plays both U(r) and V(r); a served region with no served
	region below it uses D(s) as its hub. Both save nodes without changing any path cost.
	"""
	layer = LayerRegions()
	served = set(served_regions)
	up_set = _prefixes(anchors)
	down_set = _prefixes(served)
	covered_set = {x for x in up_set if any(x[:d] in served for d in range(len(x) + 1))}

	def band_cost(depth: int) -> int:
		return table[max(0, levels - depth)]

	inner_up = {x[:-1] for x in up_set if x}
	merged = {r for r in anchors if r not in inner_up and band_cost(len(r)) == 0}
	up = {x: anchors[x] if x in merged else graph.add_node() for x in _deepest_first(up_set)}
	covered = {x: anchors[x] if x in merged else graph.add_node() for x in _deepest_first(covered_set)}
	down = {x: graph.add_node() for x in reversed(_deepest_first(down_set))}
	inner_down = {x[:-1] for x in down_set if x}
	if needs_far:
		layer.far = graph.add_node()
		graph.add_arc(up[()], layer.far, UNLIMITED, 0)
	for s in sorted(served):
		if s in inner_down:
			layer.hubs[s] = hub = graph.add_node()
			graph.add_arc(down[s], hub, UNLIMITED, 0)
		else:
			layer.hubs[s] = hub = down[s]
		if s in covered and not (s in merged and hub == down[s]):
			graph.add_arc(covered[s], hub, UNLIMITED, 0)
	for x, node in up.items():
		if x:
			graph.add_arc(node, up[x[:-1]], UNLIMITED, band_cost(len(x) - 1) - band_cost(len(x)))
		if x in down:
			graph.add_arc(node, down[x], UNLIMITED, 0)
	for x, node in covered.items():
		if x and x[:-1] in covered:
			graph.add_arc(node, covered[x[:-1]], UNLIMITED, 0)
	for x, node in down.items():
		if x:
			graph.add_arc(down[x[:-1]], node, UNLIMITED, 0)
	for r in anchors:
		if r in merged:
			layer.entries[r] = []
			continue
		entries = layer.entries[r] = [(up[r], band_cost(len(r)))]
		if r in covered:
			entries.append((covered[r], 0))
	return layer


class PairBands:
	"""Band of every (customer region, served region) pair, one row per customer region, computed once."""

	def __init__(self, bands: RegionBands, served: Iterable[Region]):
		self.bands = bands
		self.served = sorted(set(served))
		self.column = {s: i for i, s in enumerate(self.served)}
		self._rows: dict[Region, np.ndarray] = {}

	def row(self, region: Region) -> np.ndarray:
		row = self._rows.get(region)
		if row is None:
			bands = (self.bands.band(region, s) for s in self.served)
			row = self._rows[region] = np.fromiter(bands, dtype=np.int64, count=len(self.served))
		return row


def build_pairwise_layer(
	graph: FlowGraph,
	anchors: Mapping[Region, int],
	served_regions: Iterable[Region],
	table: tuple[int, ...],
	pairs: PairBands,
) -> LayerRegions:
	"""Coordinates-mode region nodes; each customer region is entered at its anchor itself."""
	layer = LayerRegions()
	farthest = len(table) - 1
	served = sorted(set(served_regions))
	layer.far = graph.add_node()
	hubs = np.fromiter((graph.add_node() for _ in served), dtype=np.int64, count=len(served))
	layer.hubs = dict(zip(served, hubs.tolist(), strict=True))
	graph.add_arcs(np.full(len(served), layer.far), hubs, UNLIMITED, 0)
	columns = np.fromiter((pairs.column[s] for s in served), dtype=np.int64, count=len(served))
	costs = np.asarray(table, dtype=np.int64)
	for r in sorted(anchors):
		node = anchors[r]
		layer.entries[r] = []
		graph.add_arc(node, layer.far, UNLIMITED, table[farthest])
		bands = pairs.row(r)[columns]
		near = bands < farthest
		graph.add_arcs(np.full(int(near.sum()), node), hubs[near], UNLIMITED, costs[bands[near]])
	return layer
