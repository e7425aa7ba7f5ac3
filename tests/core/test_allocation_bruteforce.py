"""Optimality of the allocation engine, proved against brute force on tiny instances."""

import dataclasses
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_assign.core.allocation import (
	GRADES,
	LEVELS,
	AllocationInputError,
	AllocationSettings,
	Customer,
	Manager,
	allocate,
	evaluate,
)
from tests.hypothesis_profiles import scaled

REGIONS = [
	("中国", "广东省", "深圳市"),
	("中国", "广东省", "广州市"),
	("中国", "浙江省", "杭州市"),
	("中国", "广东省"),
	("美国", "加州"),
	(),
]
COORDINATES = {
	("中国", "广东省", "深圳市"): (22.54, 114.06),
	("中国", "广东省", "广州市"): (23.13, 113.26),
	("中国", "浙江省", "杭州市"): (30.27, 120.15),
	("美国", "加州"): (36.7, -119.4),
}
SKILLS = ["外汇", "信贷", "保险"]


def brute_force(customers, managers, config, max_moves=None):
	"""Lowest objective over every owner map that breaks no hard rule (customers may stay unassigned)."""
	ids = [m.id for m in managers if m.available]
	best = None
	for combo in itertools.product([*ids, None], repeat=len(customers)):
		owners = {c.id: m for c, m in zip(customers, combo, strict=True) if m is not None}
		metrics = evaluate(customers, managers, owners, config)
		if metrics.violations or (max_moves is not None and metrics.moves > max_moves):
			continue
		if best is None or metrics.objective < best - 1e-9:
			best = metrics.objective
	return best


@st.composite
def tiny_instances(draw):
	n_managers = draw(st.integers(1, 3))
	managers = [
		Manager(
			f"m{i}",
			draw(st.integers(0, 3)),
			draw(st.sampled_from(LEVELS)),
			draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=2)),
			tuple(draw(st.lists(st.sampled_from(REGIONS), max_size=2, unique=True))),
			i == 0 or draw(st.sampled_from([True, True, False])),  # available
			draw(st.sampled_from([0.8, 1.0, 1.3])),
		)
		for i in range(n_managers)
	]
	customers = []
	for j in range(draw(st.integers(1, 5))):
		owner = draw(st.sampled_from([None, None, "m0", "m1", "m2", "gone"]))
		customers.append(
			Customer(
				f"c{j}",
				draw(st.sampled_from(REGIONS)),
				draw(st.sampled_from(GRADES)),
				frozenset(draw(st.lists(st.sampled_from(SKILLS), max_size=2))),
				owner,
				draw(st.sampled_from([1, 1, 2])),
				pinned=owner is not None and draw(st.booleans()) and draw(st.booleans()),
				status=draw(st.sampled_from(["active"] * 6 + ["blacklisted", "exited"])),
			)
		)
	config = AllocationSettings(
		load_weight=draw(st.sampled_from([0.5, 4.0])),
		move_cost=draw(st.sampled_from([0.0, 0.5, 2.0])),
		grade_a_needs_senior=draw(st.booleans()),
		region_coordinates=draw(st.sampled_from([None, COORDINATES])),
	)
	return customers, managers, config


@settings(max_examples=scaled(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_engine_matches_brute_force_optimum(instance):
	customers, managers, config = instance
	try:
		result = allocate(customers, managers, config)
	except AllocationInputError:
		return  # e.g. more pins than capacity: covered by the input tests
	metrics = evaluate(customers, managers, result.owner_map(), config)
	assert metrics.violations == 0
	assert abs(metrics.assignment_cost - result.objective) < 1e-6
	assert abs(metrics.objective - brute_force(customers, managers, config)) < 1e-6


@settings(max_examples=scaled(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances(), st.integers(0, 2))
def test_move_cap_is_met_by_an_optimal_allocation_for_its_move_count(instance, max_moves):
	customers, managers, config = instance
	config = dataclasses.replace(config, max_moves=max_moves)
	try:
		result = allocate(customers, managers, config)
	except AllocationInputError:
		return
	metrics = evaluate(customers, managers, result.owner_map(), config)
	assert metrics.moves == result.moves
	if not any("max_moves" in note for note in result.notes):
		assert result.moves <= max_moves
	assert abs(metrics.objective - brute_force(customers, managers, config, result.moves)) < 1e-6


def test_skill_match_beats_first_come_first_served():
	"""Greedy in input order gives the only 外汇 expert to c1; the optimum saves her for c2."""
	managers = [
		Manager("expert", 1, "Senior", {"外汇": 5}, (("中国", "广东省", "深圳市"),)),
		Manager("generalist", 1, "Junior", {}, (("中国", "广东省", "深圳市"),)),
	]
	customers = [
		Customer("c1", ("中国", "广东省", "深圳市"), "B"),
		Customer("c2", ("中国", "广东省", "深圳市"), "B", frozenset({"外汇"})),
	]
	assert allocate(customers, managers).owner_map() == {"c1": "generalist", "c2": "expert"}


def test_grade_a_reserves_the_only_senior():
	managers = [
		Manager("senior", 1, "Expert", {}, (("中国", "浙江省", "杭州市"),)),
		Manager("junior", 1, "Junior", {}, (("中国", "广东省", "深圳市"),)),
	]
	customers = [
		Customer("b", ("中国", "浙江省", "杭州市"), "B"),  # nearer to the senior ...
		Customer("a", ("中国", "广东省", "深圳市"), "A"),  # ... but only the senior may take an A
	]
	result = allocate(customers, managers)
	assert result.owner_map() == {"b": "junior", "a": "senior"}
	assert not result.unassigned


def test_hand_computed_objective():
	"""One manager, fair share 2, two customers: load units 4*0.25 + 4*0.75 = 4.0, region 0.5 for c2."""
	manager = Manager("m", 2, "Senior", {"外汇": 3}, (("中国", "广东省", "深圳市"),))
	customers = [
		Customer("c1", ("中国", "广东省", "深圳市"), "A", frozenset({"外汇"})),  # proficiency 3: gap 0.25
		Customer("c2", ("中国", "广东省", "广州市"), "C"),  # same province: band 1 = 0.5
	]
	result = allocate(customers, [manager])
	assert result.objective == 0.25 + 0.5 + 4.0
	assert [a.explanation.skill for a in result.assignments] == [0.25, 0.0]
	assert [a.explanation.region for a in result.assignments] == [0.0, 0.5]
	assert [a.explanation.load for a in result.assignments] == [2.0, 2.0]
