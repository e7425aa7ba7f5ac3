"""Identifiers: normal form and keyed hash (what duplicate and blacklist matching rely on)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_assign.core.identifiers import derive_key, keyed_hash, masked, normalise

KEY = derive_key("site-secret", "id numbers")


@pytest.mark.parametrize(
	("raw", "normal"),
	[
		("+86 138-0013-8000", "13800138000"),
		("0086 13800138000", "13800138000"),
		("8613800138000", "13800138000"),
		("86123", "86123"),  # not a mobile number with a country code: kept
		("91440300ma5b 1x", "91440300MA5B1X"),
		("  ", ""),
		(None, ""),
	],
)
def test_normalise(raw, normal):
	assert normalise(raw) == normal


def test_the_same_number_written_differently_has_one_hash():
	assert keyed_hash("91440300MA5DUP0001", KEY) == keyed_hash(" 91440300-ma5dup0001 ", KEY)
	assert keyed_hash("91440300MA5DUP0001", KEY) != keyed_hash("91440300MA5DUP0002", KEY)
	assert len(keyed_hash("91440300MA5DUP0001", KEY)) == 64


def test_the_hash_depends_on_the_key_and_purpose():
	value = "110105199001011234"
	assert keyed_hash(value, KEY) != keyed_hash(value, derive_key("other-secret", "id numbers"))
	assert keyed_hash(value, KEY) != keyed_hash(value, derive_key("site-secret", "survey tokens"))


def test_nothing_to_match_on_gives_no_hash():
	assert keyed_hash("", KEY) is None
	assert keyed_hash("--- ", KEY) is None
	assert keyed_hash(None, KEY) is None


def test_masked_shows_the_last_four_characters_only():
	assert masked(" 91440300MA5DUP0001 ") == "*" * 14 + "0001"
	assert masked("1234") == "****"
	assert masked(None) == ""


@given(st.text(max_size=40))
def test_normalise_is_idempotent_and_the_hash_follows_it(text):
	once = normalise(text)
	assert normalise(once) == once
	assert keyed_hash(text, KEY) == keyed_hash(once, KEY)
