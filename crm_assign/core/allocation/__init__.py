"""Allocation engine of 分客制: every customer gets exactly one owning account manager.

``allocate(customers, managers, settings)`` finds the globally cheapest allocation by min-cost flow
(OR-Tools) under hard rules (capacity, availability, grade A to Senior/Expert, excluded statuses, pins)
and soft costs (skills, region distance, convex load above a fair share, stability). Every assignment
carries an explanation whose cost terms sum to its total. Pure Python: no frappe import.
"""

from crm_assign.core.allocation.baselines import greedy_least_loaded, round_robin
from crm_assign.core.allocation.metrics import Metrics, evaluate, gini
from crm_assign.core.allocation.model import (
	GRADES,
	LEVELS,
	AllocationInputError,
	AllocationSettings,
	Customer,
	Manager,
	Region,
)
from crm_assign.core.allocation.result import (
	CAPACITY_EXHAUSTED,
	EXCLUDED_STATUS,
	KEPT,
	MOVED,
	NEW,
	NO_ELIGIBLE_MANAGER,
	PINNED,
	REASSIGNED,
	AllocationResult,
	Assignment,
	Explanation,
	ManagerLoad,
	Unassigned,
)
from crm_assign.core.allocation.solver import allocate

__all__ = [
	"CAPACITY_EXHAUSTED",
	"EXCLUDED_STATUS",
	"GRADES",
	"KEPT",
	"LEVELS",
	"MOVED",
	"NEW",
	"NO_ELIGIBLE_MANAGER",
	"PINNED",
	"REASSIGNED",
	"AllocationInputError",
	"AllocationResult",
	"AllocationSettings",
	"Assignment",
	"Customer",
	"Explanation",
	"Manager",
	"ManagerLoad",
	"Metrics",
	"Region",
	"Unassigned",
	"allocate",
	"evaluate",
	"gini",
	"greedy_least_loaded",
	"round_robin",
]
