"""``allocate``: globally optimal customer allocation by min-cost flow."""

from __future__ import annotations

import gc
import math
from collections.abc import Sequence

import numpy as np

from crm_assign.core.allocation.classes import Prepared, prepare
from crm_assign.core.allocation.costs import CostModel
from crm_assign.core.allocation.explain import build_result
from crm_assign.core.allocation.model import AllocationSettings, Customer, Manager
from crm_assign.core.allocation.network import Network, build_network
from crm_assign.core.allocation.placement import place
from crm_assign.core.allocation.result import AllocationResult
from crm_assign.core.allocation.validation import validate_customers, validate_managers, validate_settings


def cost_model_for(prep: Prepared, settings: AllocationSettings) -> CostModel:
	chain_bound = min(len(prep.managers), len(prep.classes)) + 1
	return CostModel(settings, prep.managers, prep.demand, prep.max_required_skills, chain_bound)


def allocate(
	customers: Sequence[Customer],
	managers: Sequence[Manager],
	settings: AllocationSettings | None = None,
) -> AllocationResult:
	"""Assign every allocatable customer to one manager at minimum total cost, respecting the hard rules.

	Hard rules: capacity, availability, grade A to Senior/Expert (if configured), excluded statuses, pins.
	Customers that cannot be placed are reported in ``result.unassigned`` with a reason code.
	"""
	settings = settings or AllocationSettings()
	gc_enabled = gc.isenabled()
	gc.disable()  # the run allocates many small objects but no cycles; collection passes would dominate
	try:
		return _allocate(customers, managers, settings)
	finally:
		if gc_enabled:
			gc.enable()


def _allocate(customers, managers, settings: AllocationSettings) -> AllocationResult:
	validate_settings(settings)
	validate_managers(managers)
	validate_customers(customers)
	prep = prepare(customers, managers, settings)
	model = cost_model_for(prep, settings)
	network = build_network(prep, model)
	notes = list(prep.notes)
	flows = solve_with_move_cap(network, settings.max_moves, model.max_lambda, notes)
	return build_result(prep, model, place(network, prep, flows), managers, notes)


def solve_with_move_cap(
	network: Network, max_moves: int | None, max_lambda: int, notes: list[str]
) -> np.ndarray:
	"""Optimal flow; with ``max_moves``, a price per move (Lagrangian) that brings moves within the cap.

	Any flow optimal under a move price is optimal among all allocations with at most as many moves as it
	makes. The price is searched on a log scale (interpolation alternating with bisection) until the moves
	fill at least 99% of the cap or the price is exact to one cost unit.
	"""
	flows = network.solve()
	moves = network.moves(flows)
	if max_moves is None or moves <= max_moves:
		return flows
	best = network.solve(max_lambda)
	best_moves = network.moves(best)
	if best_moves > max_moves:
		notes.append(
			f"max_moves={max_moves} cannot be met: {best_moves} moves are needed to place every customer"
		)
		return best
	low, low_moves, high = 0, moves, max_lambda
	good_enough = max_moves - max_moves // 100
	step = 0
	while high - low > 1 and best_moves < good_enough:
		t = 0.5 if step % 2 else (low_moves - max_moves) / (low_moves - best_moves)
		price = round(math.expm1(math.log1p(low) + t * (math.log1p(high) - math.log1p(low))))
		price = min(max(price, low + 1), high - 1)
		trial = network.solve(price)
		trial_moves = network.moves(trial)
		if trial_moves <= max_moves:
			high, best, best_moves = price, trial, trial_moves
		else:
			low, low_moves = price, trial_moves
		step += 1
	return best
