"""Bad input raises AllocationInputError with a clear message."""

import pytest

from crm_assign.core.allocation import AllocationInputError, AllocationSettings, Customer, Manager, allocate


@pytest.mark.parametrize(
	("customers", "managers", "message"),
	[
		([], [Manager("m", -1)], "capacity must be an integer >= 0"),
		([], [Manager("m", 1), Manager("m", 2)], "duplicate manager id 'm'"),
		([Customer("c"), Customer("c")], [Manager("m", 2)], "duplicate customer id 'c'"),
		([Customer("c", grade="D")], [Manager("m", 1)], "grade must be one of"),
		([], [Manager("m", 1, level="Boss")], "level must be one of"),
		([], [Manager("m", 1, skills={"外汇": 6})], "proficiency of '外汇'"),
		([], [Manager("m", 1, performance=0)], "performance must be > 0"),
		([Customer("c", weight=0)], [Manager("m", 1)], "weight must be an integer >= 1"),
		([Customer("c", pinned=True)], [Manager("m", 1)], "pinned but has no current owner"),
		(
			[Customer("a", current_owner="m", pinned=True), Customer("b", current_owner="m", pinned=True)],
			[Manager("m", 1)],
			"2 pinned customers but capacity 1",
		),
	],
)
def test_bad_customers_and_managers(customers, managers, message):
	with pytest.raises(AllocationInputError, match=message):
		allocate(customers, managers)


@pytest.mark.parametrize(
	("config", "message"),
	[
		(AllocationSettings(skill_weight=-1), "skill_weight"),
		(AllocationSettings(load_weight=float("nan")), "load_weight"),
		(AllocationSettings(region_band_costs=(0.0, 2.0, 1.0, 3.0)), "non-decreasing"),
		(AllocationSettings(distance_bands_km=(50.0,)), "one threshold less"),
		(AllocationSettings(max_moves=-1), "max_moves"),
		(AllocationSettings(load_step=0), "load_step"),
		(AllocationSettings(cost_scale=0), "cost_scale"),
	],
)
def test_bad_settings(config, message):
	with pytest.raises(AllocationInputError, match=message):
		allocate([Customer("c")], [Manager("m", 1)], config)


def test_input_error_is_a_value_error():
	assert issubclass(AllocationInputError, ValueError)


def test_collections_are_normalised():
	customer = Customer("c", ["中国", "广东省"], required_skills=["外汇"])
	manager = Manager("m", 1, regions=[["中国", "广东省"]])
	assert customer.region == ("中国", "广东省") and customer.required_skills == frozenset({"外汇"})
	assert manager.regions == (("中国", "广东省"),)
	assert allocate([customer], [manager]).assignments[0].explanation.region == 0.0
