"""Hand-made cases of the allocation engine: hard rules, reasons, stability, explanations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm_assign.core.allocation import (
	CAPACITY_EXHAUSTED,
	EXCLUDED_STATUS,
	KEPT,
	MOVED,
	NEW,
	NO_ELIGIBLE_MANAGER,
	PINNED,
	REASSIGNED,
	AllocationSettings,
	Customer,
	Manager,
	allocate,
)

SZ = ("中国", "广东省", "深圳市")
GZ = ("中国", "广东省", "广州市")
HZ = ("中国", "浙江省", "杭州市")
GD = ("中国", "广东省")


def by_customer(result):
	return {a.customer_id: a for a in result.assignments}


def reasons(result):
	return {u.customer_id: u.reason for u in result.unassigned}


def test_pinned_customer_keeps_owner_and_uses_its_capacity():
	managers = [Manager("far", 1, regions=(HZ,)), Manager("near", 5, regions=(SZ,))]
	customers = [Customer("p", SZ, "A", current_owner="far", pinned=True), Customer("c", HZ)]
	result = allocate(customers, managers)
	assigned = by_customer(result)
	assert assigned["p"].manager_id == "far" and assigned["p"].kind == PINNED  # pin beats the grade-A rule
	assert assigned["c"].manager_id == "near"  # "far" is full with its pin


def test_pin_to_an_unavailable_owner_is_ignored_with_a_note():
	managers = [Manager("away", 5, available=False), Manager("here", 5)]
	result = allocate([Customer("p", SZ, current_owner="away", pinned=True)], managers)
	assert by_customer(result)["p"].manager_id == "here"
	assert by_customer(result)["p"].kind == REASSIGNED
	assert any("pin of customer p ignored" in note for note in result.notes)


def test_excluded_statuses_are_not_allocated():
	customers = [Customer("a"), Customer("b", status="blacklisted"), Customer("c", status="exited")]
	result = allocate(customers, [Manager("m", 10)])
	assert set(by_customer(result)) == {"a"}
	assert reasons(result) == {"b": EXCLUDED_STATUS, "c": EXCLUDED_STATUS}
	custom = AllocationSettings(excluded_statuses=frozenset({"dormant"}))
	assert set(
		by_customer(allocate([*customers, Customer("d", status="dormant")], [Manager("m", 10)], custom))
	) == {
		"a",
		"b",
		"c",
	}


def test_unavailable_managers_receive_nobody_and_lose_their_customers():
	managers = [Manager("leave", 10, regions=(SZ,), available=False), Manager("other", 10, regions=(HZ,))]
	customers = [Customer(f"c{i}", SZ, current_owner="leave") for i in range(3)]
	result = allocate(customers, managers)
	assert {a.manager_id for a in result.assignments} == {"other"}
	assert {a.kind for a in result.assignments} == {REASSIGNED}
	assert result.moves == 0  # forced moves carry no stability cost
	loads = {row.manager_id: row for row in result.manager_loads}
	assert (loads["leave"].load_before, loads["leave"].load_after) == (3, 0)
	assert (loads["other"].load_before, loads["other"].load_after) == (0, 3)


def test_grade_a_goes_only_to_senior_or_expert_unless_disabled():
	managers = [
		Manager("junior", 10, "Junior", regions=(SZ,)),
		Manager("expert", 10, "Expert", regions=(HZ,)),
	]
	customers = [Customer("a", SZ, "A"), Customer("b", SZ, "B")]
	assert by_customer(allocate(customers, managers))["a"].manager_id == "expert"
	relaxed = AllocationSettings(grade_a_needs_senior=False)
	assert by_customer(allocate(customers[:1], managers, relaxed))["a"].manager_id == "junior"


def test_no_eligible_manager_and_capacity_exhausted_reasons():
	managers = [Manager("junior", 1, "Junior")]
	customers = [Customer("a", grade="A"), Customer("b1"), Customer("b2")]
	result = allocate(customers, managers)
	assert reasons(result) == {"a": NO_ELIGIBLE_MANAGER, "b2": CAPACITY_EXHAUSTED}
	assert all(u.message for u in result.unassigned)
	assert reasons(allocate([Customer("x")], [])) == {"x": NO_ELIGIBLE_MANAGER}


def test_heavier_customers_are_served_first_when_capacity_is_short():
	customers = [Customer("light"), Customer("heavy", weight=3)]
	result = allocate(customers, [Manager("m", 1)])
	assert by_customer(result).keys() == {"heavy"}
	assert reasons(result) == {"light": CAPACITY_EXHAUSTED}


def test_region_preference_follows_the_tree():
	managers = [
		Manager("sz", 1, regions=(SZ,)),
		Manager("gd", 1, regions=(GD,)),
		Manager("hz", 1, regions=(HZ,)),
	]
	flat = AllocationSettings(load_weight=0.0)
	cases = {SZ: 0.0, GZ: 0.0, ("中国", "江苏省", "南京市"): 1.5, ("日本",): 3.0}
	for region, expected in cases.items():
		result = allocate([Customer("c", region)], managers, flat)
		assert result.assignments[0].explanation.region == expected, region
	assert (
		by_customer(allocate([Customer("c", GZ)], managers, flat))["c"].manager_id == "gd"
	)  # province covers


def test_coordinates_give_distance_bands_and_fall_back_to_the_tree():
	coordinates = {SZ: (22.54, 114.06), GZ: (23.13, 113.26), HZ: (30.27, 120.15)}
	config = AllocationSettings(load_weight=0.0, region_coordinates=coordinates)
	one = [Manager("gz", 1, regions=(GZ,))]
	assert allocate([Customer("c", SZ)], one, config).assignments[0].explanation.region == 0.5  # ~105 km
	assert allocate([Customer("c", HZ)], one, config).assignments[0].explanation.region == 1.5  # ~1000 km
	unknown = ("中国", "广东省", "佛山市")  # no coordinates: same province by the tree
	assert allocate([Customer("c", unknown)], one, config).assignments[0].explanation.region == 0.5


def test_proficiency_breaks_ties_between_skilled_managers():
	managers = [Manager("weak", 1, skills={"外汇": 1}), Manager("strong", 1, skills={"外汇": 5})]
	result = allocate(
		[Customer("c", required_skills={"外汇"})], managers, AllocationSettings(load_weight=0.0)
	)
	assert result.assignments[0].manager_id == "strong"


def test_stability_keeps_an_owner_unless_the_gain_beats_the_move_cost():
	managers = [Manager("owner", 10, regions=(GZ,)), Manager("local", 10, regions=(SZ,))]
	customer = [Customer("c", SZ, current_owner="owner")]  # owner is one band away: 0.5
	kept = allocate(customer, managers, AllocationSettings(load_weight=0.0, move_cost=1.0))
	assert kept.assignments[0].kind == KEPT and kept.moves == 0
	moved = allocate(customer, managers, AllocationSettings(load_weight=0.0, move_cost=0.2))
	assert moved.assignments[0].manager_id == "local" and moved.assignments[0].kind == MOVED
	assert moved.assignments[0].explanation.stability == 0.2 and moved.moves == 1


def test_unknown_current_owner_is_a_reassignment_not_an_error():
	result = allocate([Customer("c", current_owner="nobody"), Customer("d")], [Manager("m", 5)])
	kinds = {a.customer_id: a.kind for a in result.assignments}
	assert kinds == {"c": REASSIGNED, "d": NEW}


def test_max_moves_caps_rebalancing():
	managers = [Manager("busy", 6, regions=(GZ,)), Manager("idle", 6, regions=(SZ,))]
	customers = [Customer(f"c{i}", SZ, current_owner="busy") for i in range(6)]
	free = allocate(customers, managers, AllocationSettings(move_cost=0.1))
	assert free.moves >= 3
	capped = allocate(customers, managers, AllocationSettings(move_cost=0.1, max_moves=1))
	assert capped.moves == 1 and not capped.notes
	assert capped.objective > free.objective


def test_unreachable_move_cap_is_reported():
	managers = [Manager("small", 1, regions=(SZ,)), Manager("other", 5, regions=(SZ,))]
	customers = [Customer(f"c{i}", SZ, current_owner="small") for i in range(3)]
	result = allocate(customers, managers, AllocationSettings(max_moves=0))
	assert result.moves == 2 and not result.unassigned
	assert any("max_moves=0 cannot be met" in note for note in result.notes)


def test_load_spreads_in_proportion_to_capacity_and_performance():
	managers = [Manager("a", 100), Manager("b", 100, performance=1.5), Manager("c", 50)]
	result = allocate([Customer(f"c{i}") for i in range(120)], managers)
	loads = {row.manager_id: row.load_after for row in result.manager_loads}
	shares = {row.manager_id: row.fair_share for row in result.manager_loads}
	assert shares == pytest.approx({"a": 40.0, "b": 60.0, "c": 20.0})
	assert all(abs(loads[m] - shares[m]) <= 1 for m in loads)


def test_explanations_sum_to_the_objective_and_read_well():
	managers = [Manager("m1", 3, "Senior", {"外汇": 4}, (SZ,)), Manager("m2", 3, regions=(GD,))]
	customers = [
		Customer("c1", SZ, "A", {"外汇", "保险"}),
		Customer("c2", GZ, current_owner="m1"),
		Customer("c3", HZ),
	]
	result = allocate(customers, managers, AllocationSettings(move_cost=0.3))
	for a in result.assignments:
		e = a.explanation
		assert e.total == pytest.approx(e.skill + e.region + e.load + e.stability)
		assert a.manager_id in e.text
	assert sum(a.explanation.total for a in result.assignments) == pytest.approx(result.objective)
	text = by_customer(result)["c1"].explanation.text
	assert "missing skills: 保险" in text and "load" in text and "fair share" in text


def test_empty_inputs():
	result = allocate([], [Manager("m", 3)])
	assert result.assignments == () and result.objective == 0 and result.moves == 0
	assert result.manager_loads[0].load_after == 0


def test_same_answer_under_any_hash_seed():
	"""Sets and dicts never decide the outcome: two interpreters with different hash seeds agree."""
	script = (
		"from crm_assign.core.allocation import Customer, Manager, allocate\n"
		"regions = [('中国', p, c) for p in ('广东省', '浙江省') for c in ('甲市', '乙市', '丙市')]\n"
		"skills = ['外汇', '信贷', '保险']\n"
		"managers = [Manager(f'm{i}', 7, ('Junior', 'Senior')[i % 2], {skills[i % 3]: 1 + i % 5},"
		" (regions[i % 6],)) for i in range(9)]\n"
		"customers = [Customer(f'c{j}', regions[j * 7 % 6], 'ABC'[j % 3], {skills[j % 3], skills[j * 5 % 3]},"
		" f'm{j % 11}') for j in range(50)]\n"
		"print(sorted(allocate(customers, managers).owner_map().items()))\n"
	)
	root = Path(__file__).resolve().parents[2]
	outputs = {
		subprocess.run(
			[sys.executable, "-c", script],
			cwd=root,
			env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
			capture_output=True,
			text=True,
			check=True,
		).stdout
		for seed in ("1", "2", "3")
	}
	assert len(outputs) == 1 and "c49" in outputs.pop()
