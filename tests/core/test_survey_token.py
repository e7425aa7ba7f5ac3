"""Survey tokens: round trip, tampering, other secrets, expiry."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_assign.core.survey_token import SurveyTokenExpired, SurveyTokenInvalid, make_token, read_token

SECRET = "site-secret"


def test_round_trip_and_expiry():
	token = make_token(SECRET, "Customer Visit", "VIS-2026-00001", expires_at=1_000)
	assert read_token(SECRET, token, now=999) == ("Customer Visit", "VIS-2026-00001")
	assert read_token(SECRET, token, now=1_000) == ("Customer Visit", "VIS-2026-00001")
	with pytest.raises(SurveyTokenExpired):
		read_token(SECRET, token, now=1_001)


def test_another_secret_or_a_changed_record_is_refused():
	token = make_token(SECRET, "Customer Complaint", "CMP-2026-00001", expires_at=1_000)
	with pytest.raises(SurveyTokenInvalid):
		read_token("other-secret", token, now=0)
	forged_payload = make_token("other-secret", "Customer Complaint", "CMP-2026-00002", 1_000).split(".")[0]
	with pytest.raises(SurveyTokenInvalid):
		read_token(SECRET, f"{forged_payload}.{token.split('.')[1]}", now=0)


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", ".", "e30.", None])
def test_malformed_tokens_are_refused(token):
	with pytest.raises(SurveyTokenInvalid):
		read_token(SECRET, token, now=0)


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40), st.integers(0, 2**40))
def test_any_record_round_trips(doctype, name, expires_at):
	assert read_token(SECRET, make_token(SECRET, doctype, name, expires_at), now=expires_at) == (
		doctype,
		name,
	)
