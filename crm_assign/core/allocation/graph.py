"""A small min-cost-flow graph on top of OR-Tools, with flow decomposition for acyclic graphs.

Nodes carry a topological rank (every arc goes from a lower to a higher rank); ``decompose`` uses it to
follow labelled units of flow from their supply nodes to terminal nodes.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow


class FlowSolveError(RuntimeError):
	"""OR-Tools could not solve the network (should not happen: the network always has a feasible flow)."""


class FlowGraph:
	def __init__(self):
		self.tails = array("i")
		self.heads = array("i")
		self.capacities = array("q")
		self.costs = array("q")
		self.supplies: dict[int, int] = {}
		self.rank: list[int] = []
		self._next_rank = 0

	@property
	def num_nodes(self) -> int:
		return len(self.rank)

	@property
	def num_arcs(self) -> int:
		return len(self.tails)

	def add_node(self, supply: int = 0, ranked: bool = True) -> int:
		"""New node; an unranked node must get its rank later with ``rank_node`` (before decomposing)."""
		node = len(self.rank)
		self.rank.append(-1)
		if ranked:
			self.rank_node(node)
		if supply:
			self.supplies[node] = supply
		return node

	def rank_node(self, node: int) -> None:
		self.rank[node] = self._next_rank
		self._next_rank += 1

	def add_arc(self, tail: int, head: int, capacity: int, cost: int) -> int:
		self.tails.append(tail)
		self.heads.append(head)
		self.capacities.append(capacity)
		self.costs.append(cost)
		return len(self.tails) - 1

	def add_arcs(self, tails, heads, capacities, costs) -> None:
		"""Many arcs at once; each argument is an integer array or a scalar shared by all arcs."""
		n = len(heads)
		for column, values, dtype in (
			(self.tails, tails, np.int32),
			(self.heads, heads, np.int32),
			(self.capacities, capacities, np.int64),
			(self.costs, costs, np.int64),
		):
			column.frombytes(np.broadcast_to(np.asarray(values, dtype=dtype), (n,)).tobytes())

	def _arrays(self):
		return (
			np.frombuffer(self.tails, dtype=np.int32),
			np.frombuffer(self.heads, dtype=np.int32),
			np.frombuffer(self.capacities, dtype=np.int64),
			np.frombuffer(self.costs, dtype=np.int64),
		)

	def _open_mask(self, closed_arcs: Sequence[int]) -> np.ndarray:
		mask = np.ones(self.num_arcs, dtype=bool)
		mask[np.asarray(closed_arcs, dtype=np.int64)] = False
		return mask

	def solve(
		self, extra_cost_arcs: Sequence[int] = (), extra_cost: int = 0, closed_arcs: Sequence[int] = ()
	) -> np.ndarray:
		"""Optimal integer flow per arc.

		``extra_cost`` is added to the unit cost of ``extra_cost_arcs``; ``closed_arcs`` are left out.
		"""
		tails, heads, capacities, costs = self._arrays()
		if extra_cost:
			costs = costs.copy()
			costs[np.asarray(extra_cost_arcs, dtype=np.int64)] += extra_cost
		open_arcs = self._open_mask(closed_arcs)
		solver = min_cost_flow.SimpleMinCostFlow()
		arcs = solver.add_arcs_with_capacity_and_unit_cost(
			tails[open_arcs], heads[open_arcs], capacities[open_arcs], costs[open_arcs]
		)
		nodes = np.fromiter(self.supplies.keys(), dtype=np.int32, count=len(self.supplies))
		values = np.fromiter(self.supplies.values(), dtype=np.int64, count=len(self.supplies))
		solver.set_nodes_supplies(nodes, values)
		status = solver.solve()
		if status != solver.OPTIMAL:
			raise FlowSolveError(f"min-cost flow returned status {status}")
		flows = np.zeros(self.num_arcs, dtype=np.int64)
		flows[open_arcs] = solver.flows(arcs)
		return flows

	def saturates_supplies(self, closed_arcs: Sequence[int]) -> bool:
		"""True when a flow without ``closed_arcs`` can take every unit of supply to the demand nodes."""
		tails, heads, capacities, _ = self._arrays()
		open_arcs = self._open_mask(closed_arcs)
		sources = [(node, amount) for node, amount in self.supplies.items() if amount > 0]
		sinks = [(node, -amount) for node, amount in self.supplies.items() if amount < 0]
		source, sink = self.num_nodes, self.num_nodes + 1
		extra_tails = [source] * len(sources) + [node for node, _ in sinks]
		extra_heads = [node for node, _ in sources] + [sink] * len(sinks)
		extra_caps = [amount for _, amount in sources] + [amount for _, amount in sinks]
		solver = max_flow.SimpleMaxFlow()
		solver.add_arcs_with_capacity(
			np.concatenate([tails[open_arcs], np.asarray(extra_tails, dtype=np.int32)]),
			np.concatenate([heads[open_arcs], np.asarray(extra_heads, dtype=np.int32)]),
			np.concatenate([capacities[open_arcs], np.asarray(extra_caps, dtype=np.int64)]),
		)
		if solver.solve(source, sink) != solver.OPTIMAL:
			raise FlowSolveError("max flow failed")
		return solver.optimal_flow() == sum(amount for _, amount in sources)

	def decompose(self, flows: np.ndarray, labels: dict[int, int], terminals: set[int]) -> dict[int, list]:
		"""Follow each supply node's units (tagged with ``labels[node]``) to the terminals.

		Returns terminal -> list of ``[label, amount]``. Any decomposition of an optimal flow is optimal.
		"""
		is_terminal = np.zeros(self.num_nodes, dtype=bool)
		is_terminal[list(terminals)] = True
		all_tail_array = np.frombuffer(self.tails, dtype=np.int32)
		positive = np.flatnonzero((flows > 0) & ~is_terminal[all_tail_array])
		tails = all_tail_array[positive]
		order = positive[np.argsort(np.asarray(self.rank, dtype=np.int64)[tails], kind="stable")]
		inventory: dict[int, list] = {node: [[label, self.supplies[node]]] for node, label in labels.items()}
		cursor: dict[int, int] = {}
		received: dict[int, list] = {t: [] for t in terminals}
		all_tails, all_heads = self.tails, self.heads
		for arc, amount in zip(order.tolist(), flows[order].tolist(), strict=True):
			tail, head = all_tails[arc], all_heads[arc]
			source = inventory[tail]
			i = cursor.get(tail, 0)
			target = received[head] if head in received else inventory.setdefault(head, [])
			while amount:
				piece = source[i]
				take = min(amount, piece[1])
				if target and target[-1][0] == piece[0]:
					target[-1][1] += take
				else:
					target.append([piece[0], take])
				piece[1] -= take
				amount -= take
				if not piece[1]:
					i += 1
			cursor[tail] = i
		return received
