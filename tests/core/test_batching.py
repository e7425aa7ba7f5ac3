"""Chunks cover every item once, in order, none longer than asked."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_assign.core.batching import chunks


@given(st.lists(st.integers(), max_size=50), st.integers(1, 7))
def test_chunks_cover_every_item_once_in_order(items, size):
	parts = list(chunks(items, size))
	assert [x for part in parts for x in part] == items
	assert all(0 < len(part) <= size for part in parts)


def test_chunk_size_must_be_positive():
	with pytest.raises(ValueError):
		list(chunks([1], 0))
