"""Properties of the allocation engine on random medium-sized instances (hypothesis)."""

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_assign.core.allocation import (
	CAPACITY_EXHAUSTED,
	EXCLUDED_STATUS,
	GRADES,
	LEVELS,
	NO_ELIGIBLE_MANAGER,
	PINNED,
	AllocationSettings,
	Customer,
	Manager,
	allocate,
	evaluate,
	greedy_least_loaded,
	round_robin,
)
from tests.hypothesis_profiles import scaled

PROVINCES = {"广东省": ["深圳市", "广州市", "佛山市"], "浙江省": ["杭州市", "宁波市"], "四川省": ["成都市"]}
CITIES = [("中国", p, c) for p, cities in PROVINCES.items() for c in cities]
SERVED = CITIES + [("中国", p) for p in PROVINCES] + [("中国",)]
SKILLS = ["外汇", "信贷", "保险", "理财"]
PROPERTY_SETTINGS = settings(
	max_examples=scaled(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def instances(draw):
	managers = []
	for i in range(draw(st.integers(1, 8))):
		managers.append(
			Manager(
				f"m{i}",
				draw(st.integers(0, 12)),
				draw(st.sampled_from(LEVELS)),
				draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=3)),
				tuple(draw(st.lists(st.sampled_from(SERVED), max_size=2, unique=True))),
				draw(st.sampled_from([True, True, True, False])),
				draw(st.sampled_from([0.8, 1.0, 1.2])),
			)
		)
	pinned_per_owner: dict[str, int] = {}
	customers = []
	for j in range(draw(st.integers(0, 60))):
		owner = draw(st.sampled_from([None, None, "unknown", *(m.id for m in managers)]))
		capacity = next((m.capacity for m in managers if m.id == owner), 0)
		pinned = (
			owner is not None and pinned_per_owner.get(owner, 0) < capacity and draw(st.integers(0, 9)) == 0
		)
		if pinned:
			pinned_per_owner[owner] = pinned_per_owner.get(owner, 0) + 1
		customers.append(
			Customer(
				f"c{j}",
				draw(st.sampled_from([*CITIES, ("中国", "广东省"), ()])),
				draw(st.sampled_from(GRADES)),
				frozenset(draw(st.lists(st.sampled_from(SKILLS), max_size=2))),
				owner,
				draw(st.sampled_from([1, 1, 1, 2])),
				pinned,
				draw(st.sampled_from(["active"] * 12 + ["blacklisted", "exited"])),
			)
		)
	config = AllocationSettings(
		move_cost=draw(st.sampled_from([0.0, 0.5, 1.0])),
		grade_a_needs_senior=draw(st.booleans()),
		max_moves=draw(st.sampled_from([None, None, 0, 5])),
	)
	return customers, managers, config


@PROPERTY_SETTINGS
@given(instances())
def test_hard_rules_hold(instance):
	customers, managers, config = instance
	result = allocate(customers, managers, config)
	by_id = {m.id: m for m in managers}
	owner = result.owner_map()
	assert evaluate(customers, managers, owner, config).violations == 0
	for m in managers:
		load = sum(1 for manager_id in owner.values() if manager_id == m.id)
		assert load <= m.capacity
		assert m.available or load == 0
	for c in customers:
		if c.status in config.excluded_statuses:
			assert c.id not in owner
		elif c.pinned and c.current_owner in by_id and by_id[c.current_owner].available:
			assert owner[c.id] == c.current_owner
		if (
			c.id in owner
			and c.grade == "A"
			and config.grade_a_needs_senior
			and owner[c.id] != c.current_owner
		):
			assert by_id[owner[c.id]].level in ("Senior", "Expert")
	for a in result.assignments:
		if a.kind == PINNED:
			assert a.manager_id == a.previous_owner


@PROPERTY_SETTINGS
@given(instances())
def test_every_customer_that_fits_is_assigned(instance):
	customers, managers, config = instance
	result = allocate(customers, managers, config)
	reasons = {u.customer_id: u.reason for u in result.unassigned}
	assert len(result.assignments) + len(result.unassigned) == len(customers)
	excluded = [c for c in customers if c.status in config.excluded_statuses]
	assert sum(r == EXCLUDED_STATUS for r in reasons.values()) == len(excluded)
	# Independent count of what fits: seniors first serve grade A, everyone serves the rest.
	available = [m for m in managers if m.available]
	active = [c for c in customers if c.status not in config.excluded_statuses]
	pins = {}
	for c in active:
		if c.pinned and any(m.id == c.current_owner for m in available):
			pins[c.current_owner] = pins.get(c.current_owner, 0) + 1
	free = [c for c in active if not (c.pinned and c.current_owner in pins)]
	spare_senior = sum(m.capacity - pins.get(m.id, 0) for m in available if m.level != "Junior")
	spare_junior = sum(m.capacity - pins.get(m.id, 0) for m in available if m.level == "Junior")
	needs_senior = sum(1 for c in free if c.grade == "A" and config.grade_a_needs_senior)
	others = len(free) - needs_senior
	senior_used = min(needs_senior, spare_senior)
	fits = senior_used + min(others, spare_junior + spare_senior - senior_used)
	assert len(result.assignments) - sum(pins.values()) == fits
	for customer_id, reason in reasons.items():
		assert reason in (EXCLUDED_STATUS, NO_ELIGIBLE_MANAGER, CAPACITY_EXHAUSTED), customer_id


@PROPERTY_SETTINGS
@given(instances())
def test_engine_beats_the_baselines_under_the_same_cost_model(instance):
	customers, managers, config = instance
	config = dataclasses.replace(config, max_moves=None)
	engine = evaluate(customers, managers, allocate(customers, managers, config).owner_map(), config)
	for baseline in (round_robin, greedy_least_loaded):
		for keep in (False, True):
			other = evaluate(
				customers, managers, baseline(customers, managers, config, keep_owners=keep), config
			)
			assert other.violations == 0
			assert engine.objective <= other.objective + 1e-6


@PROPERTY_SETTINGS
@given(instances())
def test_deterministic_and_explained(instance):
	customers, managers, config = instance
	first = allocate(customers, managers, config)
	assert allocate(customers, managers, config) == first
	for a in first.assignments:
		e = a.explanation
		assert abs(e.total - (e.skill + e.region + e.load + e.stability)) < 1e-9
	assert abs(sum(a.explanation.total for a in first.assignments) - first.objective) < 1e-6
	metrics = evaluate(customers, managers, first.owner_map(), config)
	assert abs(metrics.assignment_cost - first.objective) < 1e-6
	assert metrics.moves == first.moves
	loads = {row.manager_id: row.load_after for row in first.manager_loads}
	for m in managers:
		assert loads[m.id] == sum(1 for a in first.assignments if a.manager_id == m.id)
