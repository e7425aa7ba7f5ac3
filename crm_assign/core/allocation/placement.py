"""Turn an optimal flow back into customers: who stays, who moves where, who is left unassigned."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from crm_assign.core.allocation.classes import CustomerClass, Prepared
from crm_assign.core.allocation.network import Network
from crm_assign.core.allocation.result import KEPT, MOVED, NEW, REASSIGNED


@dataclass
class Group:
	"""Customers of one class placed with one manager in the same way (so they share one explanation)."""

	cls: CustomerClass
	manager: int
	kind: str
	positions: list[int]


@dataclass
class Placement:
	groups: list[Group]
	capacity_exhausted: list[int]  # customer positions


def place(net: Network, prep: Prepared, flows: np.ndarray) -> Placement:
	labels = {node: ci for ci, node in enumerate(net.class_nodes)}
	terminals = {*net.manager_nodes, net.sink}
	received = net.graph.decompose(flows, labels, terminals)
	routed: list[dict[int, int]] = [defaultdict(int) for _ in prep.classes]
	for m, node in enumerate(net.manager_nodes):
		for ci, amount in received[node]:
			routed[ci][m] += amount
	placement = Placement([], [])
	for ci, cls in enumerate(prep.classes):
		_place_class(ci, cls, net, prep, flows, routed[ci], placement)
	return placement


def _place_class(ci, cls, net, prep, flows, routed, placement) -> None:
	groups: dict[tuple[int, str], list[int]] = defaultdict(list)
	leaving: list[tuple[int, int]] = []  # (position, owner) of owned customers that do not stay
	for m, arc in net.stay_arcs[ci].items():
		stay = int(flows[arc])
		routed[m] -= stay
		owned = cls.owned[m]
		groups[(m, KEPT)].extend(owned[:stay])
		leaving.extend((pos, m) for pos in owned[stay:])
	# Units leaving the class node through the network are interchangeable: customers without a keeping
	# owner go first (they carry no stability cost), then owned customers, who move.
	routed_out = sum(routed.values())
	n_fresh = min(routed_out, len(cls.fresh))
	n_orphaned = min(routed_out - n_fresh, len(cls.orphaned))
	n_movers = routed_out - n_fresh - n_orphaned
	placement.capacity_exhausted.extend(cls.fresh[n_fresh:])
	placement.capacity_exhausted.extend(cls.orphaned[n_orphaned:])
	placement.capacity_exhausted.extend(pos for pos, _ in leaving[n_movers:])

	# A unit of flow landing on a mover's own owner keeps it there (only possible when moving is free).
	targets = sorted(m for m, n in routed.items() if n > 0)
	movers = []
	for pos, owner in leaving[:n_movers]:
		if routed.get(owner, 0) > 0:
			routed[owner] -= 1
			groups[(owner, KEPT)].append(pos)
		else:
			movers.append(pos)
	pools = [(NEW, cls.fresh[:n_fresh]), (REASSIGNED, cls.orphaned[:n_orphaned]), (MOVED, movers)]
	pool, offset = 0, 0
	for m in targets:
		need = routed[m]
		while need:
			kind, positions = pools[pool]
			take = min(need, len(positions) - offset)
			if take:
				groups[(m, kind)].extend(positions[offset : offset + take])
			offset += take
			need -= take
			if offset == len(positions):
				pool, offset = pool + 1, 0
	for (m, kind), positions in sorted(groups.items()):
		if positions:
			placement.groups.append(Group(cls, m, kind, positions))
