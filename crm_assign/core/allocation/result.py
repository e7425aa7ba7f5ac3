"""Output types of the allocation engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

# Reason codes of customers left without an owner.
EXCLUDED_STATUS = "excluded_status"
NO_ELIGIBLE_MANAGER = "no_eligible_manager"
CAPACITY_EXHAUSTED = "capacity_exhausted"

# Kinds of assignment.
PINNED = "pinned"  # kept by hand
KEPT = "kept"  # stays with its current owner
MOVED = "moved"  # left an owner who could have kept it (stability cost charged)
REASSIGNED = "reassigned"  # previous owner unknown, unavailable or not eligible: no stability cost
NEW = "new"  # had no owner


@dataclass(frozen=True, slots=True)
class Explanation:
	"""Cost terms of one assignment; ``total`` is their sum.

	``load`` is the manager's load cost shared equally by all of the manager's customers.
	"""

	skill: float
	region: float
	load: float
	stability: float
	total: float
	text: str


class Assignment(NamedTuple):
	"""One customer's new owner (an immutable record; a NamedTuple because there may be a million)."""

	customer_id: str
	manager_id: str
	previous_owner: str | None
	kind: str
	explanation: Explanation


@dataclass(frozen=True, slots=True)
class Unassigned:
	customer_id: str
	reason: str
	message: str


@dataclass(frozen=True, slots=True)
class ManagerLoad:
	manager_id: str
	capacity: int
	fair_share: float
	load_before: int
	load_after: int
	load_cost: float


@dataclass(frozen=True)
class AllocationResult:
	"""What ``allocate`` returns.

	``objective`` is the total cost of the assignments (sum of their explanation totals); ``moves`` counts
	assigned customers whose owner changed although the old owner could have kept them; ``notes`` holds
	warnings such as ignored pins or an unreachable ``max_moves``.
	"""

	assignments: tuple[Assignment, ...]
	unassigned: tuple[Unassigned, ...]
	manager_loads: tuple[ManagerLoad, ...]
	objective: float
	moves: int
	notes: tuple[str, ...] = ()

	def owner_map(self) -> dict[str, str]:
		"""Customer id -> new owner id for every assigned customer."""
		return {a.customer_id: a.manager_id for a in self.assignments}
