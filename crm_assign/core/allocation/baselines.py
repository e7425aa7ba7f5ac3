"""Baselines under the same hard rules as the engine: round-robin and greedy least-loaded.

Both keep pins, skip excluded customers and those without any eligible manager, respect capacity,
availability and the grade-A seniority rule, and visit customers in input order. With ``keep_owners``
a customer first stays with an owner who may keep it and still has room (an incremental rebalance).
Greedy measures load against the fair-share basis capacity x performance, like the engine.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from crm_assign.core.allocation.classes import Prepared, prepare
from crm_assign.core.allocation.model import AllocationSettings, Customer, Manager


def _free_customers(prep: Prepared) -> list[tuple[int, bool, int]]:
	"""(position, needs senior, owner who may keep it or -1), in input order."""
	rows = []
	for cls in prep.classes:
		rows.extend((pos, cls.needs_senior, -1) for pos in cls.unowned)
		for owner, positions in cls.owned.items():
			rows.extend((pos, cls.needs_senior, owner) for pos in positions)
	rows.sort()
	return rows


def _start(customers, managers, settings, keep_owners):
	prep = prepare(customers, managers, settings or AllocationSettings())
	loads = [0] * len(prep.managers)
	owners: dict[str, str] = {}
	for m, positions in prep.pinned.items():
		loads[m] += len(positions)
		for pos in positions:
			owners[customers[pos].id] = prep.managers[m].id
	rest = []
	for row in _free_customers(prep):
		pos, _, owner = row
		if keep_owners and owner >= 0 and loads[owner] < prep.managers[owner].capacity:
			loads[owner] += 1
			owners[customers[pos].id] = prep.managers[owner].id
		else:
			rest.append(row)
	return prep, loads, owners, rest


def round_robin(
	customers: Sequence[Customer],
	managers: Sequence[Manager],
	settings: AllocationSettings | None = None,
	keep_owners: bool = False,
) -> dict[str, str]:
	"""Customer id -> manager id, cycling through eligible managers (sorted by id) that have room."""
	prep, loads, owners, rest = _start(customers, managers, settings, keep_owners)
	mgrs = prep.managers
	cycles = {False: list(range(len(mgrs))), True: [i for i, m in enumerate(mgrs) if m.is_senior]}
	cursor = {False: 0, True: 0}
	exhausted = {False: False, True: False}
	for pos, needs_senior, _ in rest:
		cycle = cycles[needs_senior]
		if exhausted[needs_senior] or not cycle:
			continue
		i = cursor[needs_senior]
		for _ in range(len(cycle)):
			m = cycle[i]
			i = (i + 1) % len(cycle)
			if loads[m] < mgrs[m].capacity:
				loads[m] += 1
				owners[customers[pos].id] = mgrs[m].id
				break
		else:
			exhausted[needs_senior] = True
		cursor[needs_senior] = i
	return owners


def greedy_least_loaded(
	customers: Sequence[Customer],
	managers: Sequence[Manager],
	settings: AllocationSettings | None = None,
	keep_owners: bool = False,
) -> dict[str, str]:
	"""Customer id -> manager id, each to the eligible manager with the lowest load / (capacity x performance)."""
	prep, loads, owners, rest = _start(customers, managers, settings, keep_owners)
	mgrs = prep.managers
	basis = [m.capacity * m.performance for m in mgrs]
	heaps: dict[bool, list] = {False: [], True: []}
	for m, mgr in enumerate(mgrs):
		if loads[m] < mgr.capacity:
			entry = (loads[m] / basis[m], mgr.id, m, loads[m])
			heaps[False].append(entry)
			if mgr.is_senior:
				heaps[True].append(entry)
	for heap in heaps.values():
		heapq.heapify(heap)
	for pos, needs_senior, _ in rest:
		heap = heaps[needs_senior]
		while heap and heap[0][3] != loads[heap[0][2]]:
			heapq.heappop(heap)  # stale entry: the manager took a customer through the other heap
		if not heap:
			continue
		_, manager_id, m, _ = heapq.heappop(heap)
		loads[m] += 1
		owners[customers[pos].id] = manager_id
		if loads[m] < mgrs[m].capacity:
			entry = (loads[m] / basis[m], manager_id, m, loads[m])
			heapq.heappush(heaps[False], entry)
			if mgrs[m].is_senior:
				heapq.heappush(heaps[True], entry)
	return owners
