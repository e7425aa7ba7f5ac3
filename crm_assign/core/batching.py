"""Work on long lists a slice at a time: the set-based jobs read, write and commit in chunks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
	"""Consecutive slices of `items`, each `size` long but the last."""
	if size <= 0:
		raise ValueError("size must be positive")
	for start in range(0, len(items), size):
		yield items[start : start + size]
