from crm_assign.core.completeness import CUSTOMER_PROFILE_FIELDS, completeness_percent, is_filled


def test_empty_profile_is_zero():
	assert completeness_percent({}) == 0.0


def test_full_profile_is_hundred():
	values = {field: "x" for field in CUSTOMER_PROFILE_FIELDS}
	values["required_skills"] = [{"skill": "ERP"}]
	values["expected_annual_value"] = 1000
	values["contact_verified"] = 1
	assert completeness_percent(values) == 100.0


def test_an_unverified_contact_costs_one_field_of_the_profile():
	values = {field: "x" for field in CUSTOMER_PROFILE_FIELDS}
	values["contact_verified"] = 0
	assert completeness_percent(values) == round(100 * 12 / 13, 1)
	assert len(CUSTOMER_PROFILE_FIELDS) == 13


def test_blank_strings_zero_numbers_and_empty_tables_do_not_count():
	assert not is_filled("   ")
	assert not is_filled(0)
	assert not is_filled([])
	assert is_filled("张三")
	assert is_filled(0.5)


def test_partial_profile_is_share_of_fields():
	values = {"customer_name": "深圳某某科技有限公司", "industry": "制造业", "mobile_no": "  "}
	assert completeness_percent(values, ("customer_name", "industry", "mobile_no", "email_id")) == 50.0
