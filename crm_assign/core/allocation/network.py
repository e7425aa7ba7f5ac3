"""The min-cost-flow network of one allocation run.

    class --stay--> owner manager                      (skill + region cost, up to the class's customers of that owner)
    class --free/move--> X --> layer region nodes --> hub --> manager   (move arc carries the stability cost)
    class --unassigned--> sink                         (large penalty: only used when nothing else fits)
    manager --load segments--> sink                    (convex: one arc per piece, increasing slopes)

Supplies: each class supplies its size; the sink absorbs the total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from crm_assign.core.allocation.classes import Prepared
from crm_assign.core.allocation.costs import CostModel
from crm_assign.core.allocation.graph import FlowGraph
from crm_assign.core.allocation.layers import UNLIMITED, PairBands, build_pairwise_layer, build_tree_layer


@dataclass
class Network:
	graph: FlowGraph
	class_nodes: list[int]
	manager_nodes: list[int]
	sink: int
	stay_arcs: list[dict[int, int]]  # per class: manager index -> arc
	free_arcs: list[int | None]  # per class: class -> X arc for customers without a keeping owner
	move_arcs: list[int | None]  # per class: class -> X arc for customers leaving an owner
	unassigned_arcs: list[int]

	_everyone_fits: bool | None = None

	def solve(self, move_penalty: int = 0) -> np.ndarray:
		"""Optimal flow; ``move_penalty`` is added to the cost of every move.

		When every customer fits (checked once by max flow) the penalised "unassigned" arcs are closed: the
		answer is the same and the solver is faster without their huge costs.
		"""
		if self._everyone_fits is None:
			self._everyone_fits = self.graph.saturates_supplies(self.unassigned_arcs)
		closed = self.unassigned_arcs if self._everyone_fits else ()
		arcs = [a for a in self.move_arcs if a is not None]
		return self.graph.solve(arcs, move_penalty, closed)

	def moves(self, flows: np.ndarray) -> int:
		return int(sum(int(flows[a]) for a in self.move_arcs if a is not None))


def build_network(prep: Prepared, model: CostModel) -> Network:
	graph = FlowGraph()
	classes, managers = prep.classes, prep.managers
	class_nodes = [graph.add_node(supply=cls.size) for cls in classes]
	manager_nodes = [graph.add_node(ranked=False) for _ in managers]
	sink = graph.add_node(supply=-sum(cls.size for cls in classes), ranked=False)
	spare = [m.capacity - len(prep.pinned.get(i, ())) for i, m in enumerate(managers)]

	stay_arcs: list[dict[int, int]] = []
	free_arcs: list[int | None] = []
	move_arcs: list[int | None] = []
	entry_from: list[int] = []
	for ci, cls in enumerate(classes):
		node = class_nodes[ci]
		stays: dict[int, int] = {}
		free = move = None
		if cls.owned:
			for m in sorted(cls.owned):
				cost = model.skill_units(cls.skills, m, cls.weight) + model.region_units(
					cls.region, m, cls.weight
				)
				stays[m] = graph.add_arc(node, manager_nodes[m], len(cls.owned[m]), cost)
			x = graph.add_node()
			unowned = len(cls.fresh) + len(cls.orphaned)
			if unowned:
				free = graph.add_arc(node, x, unowned, 0)
			owned = sum(len(p) for p in cls.owned.values())
			move = graph.add_arc(node, x, owned, model.move_units(cls.weight))
			entry_from.append(x)
		else:
			entry_from.append(node)
		stay_arcs.append(stays)
		free_arcs.append(free)
		move_arcs.append(move)
	unassigned_arcs = [
		graph.add_arc(class_nodes[ci], sink, cls.size, model.penalty_units(cls.weight))
		for ci, cls in enumerate(classes)
	]

	pairs = None
	if model.bands.uses_coordinates:
		pairs = PairBands(model.bands, (s for m in managers for s in m.regions))
	layers: dict[tuple, list[int]] = defaultdict(list)
	for ci, cls in enumerate(classes):
		layers[cls.layer_key].append(ci)
	for key in sorted(layers, key=lambda k: (sorted(k[0]), k[1], k[2])):
		skills, needs_senior, weight = key
		members = layers[key]
		eligible = [i for i, m in enumerate(managers) if spare[i] > 0 and (m.is_senior or not needs_senior)]
		served = {s for i in eligible for s in managers[i].regions}
		needs_far = any(not managers[i].regions for i in eligible)
		table = model.region_table(weight)
		anchors = {classes[ci].region: entry_from[ci] for ci in members}  # one class per region in a layer
		if pairs is not None:
			layer = build_pairwise_layer(graph, anchors, served, table, pairs)
		else:
			layer = build_tree_layer(graph, anchors, served, needs_far, table, model.bands.levels)
		for i in eligible:
			cost = model.skill_units(skills, i, weight)
			for s in managers[i].regions or ():
				graph.add_arc(layer.hubs[s], manager_nodes[i], UNLIMITED, cost)
			if not managers[i].regions:
				graph.add_arc(layer.far, manager_nodes[i], UNLIMITED, cost)
		for ci in members:
			for node, cost in layer.entries[classes[ci].region]:
				graph.add_arc(entry_from[ci], node, classes[ci].size, cost)

	for i, node in enumerate(manager_nodes):
		graph.rank_node(node)
		pinned = len(prep.pinned.get(i, ()))
		for start, end, slope in model.segments[i]:
			low = max(start, pinned)
			if end > low:
				graph.add_arc(node, sink, end - low, slope)
	graph.rank_node(sink)
	return Network(graph, class_nodes, manager_nodes, sink, stay_arcs, free_arcs, move_arcs, unassigned_arcs)
