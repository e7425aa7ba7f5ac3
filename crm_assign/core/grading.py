"""Customer grading rules (A key / B ordinary / C potential) from plain figures.

A customer is graded on its last twelve months: net revenue (sales - returns) and purchase frequency
(number of sales). Reaching both A thresholds gives A, both B thresholds B, otherwise C. A strategic
customer, or one admitted as a key customer, is A whatever its figures (when the rule says so). Payment
behaviour then caps the grade: a late payer is at most `late_payment_max_grade`, a bad payer at most
`bad_payment_max_grade`. Thresholds are inclusive (revenue exactly at the A threshold is A).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

GRADES = ("A", "B", "C")  # best first
PAYMENT_BEHAVIOURS = ("Good", "Late", "Bad")


class GradingRuleError(ValueError):
	pass


def worse_of(first: str, second: str) -> str:
	return max(first, second, key=GRADES.index)


@dataclass(frozen=True)
class GradingRule:
	a_min_revenue: Decimal = Decimal(500_000)
	a_min_purchases: int = 12
	b_min_revenue: Decimal = Decimal(50_000)
	b_min_purchases: int = 3
	strategic_is_a: bool = True
	admitted_is_a: bool = True
	late_payment_max_grade: str = "B"
	bad_payment_max_grade: str = "C"

	def __post_init__(self):
		if (
			min(self.a_min_revenue, self.b_min_revenue) < 0
			or min(self.a_min_purchases, self.b_min_purchases) < 0
		):
			raise GradingRuleError("thresholds cannot be negative")
		if self.a_min_revenue < self.b_min_revenue or self.a_min_purchases < self.b_min_purchases:
			raise GradingRuleError("A thresholds must be at least the B thresholds")
		for cap in (self.late_payment_max_grade, self.bad_payment_max_grade):
			if cap not in GRADES:
				raise GradingRuleError(f"unknown grade {cap!r}")


@dataclass(frozen=True)
class CustomerFigures:
	revenue_12m: Decimal = Decimal(0)
	purchases_12m: int = 0
	is_strategic: bool = False
	payment_behaviour: str = "Good"
	admitted: bool = False


def propose_grade(figures: CustomerFigures, rule: GradingRule) -> str:
	revenue = Decimal(str(figures.revenue_12m or 0))
	purchases = figures.purchases_12m or 0
	if revenue >= rule.a_min_revenue and purchases >= rule.a_min_purchases:
		grade = "A"
	elif revenue >= rule.b_min_revenue and purchases >= rule.b_min_purchases:
		grade = "B"
	else:
		grade = "C"
	if (rule.strategic_is_a and figures.is_strategic) or (rule.admitted_is_a and figures.admitted):
		grade = "A"
	if figures.payment_behaviour == "Late":
		grade = worse_of(grade, rule.late_payment_max_grade)
	elif figures.payment_behaviour == "Bad":
		grade = worse_of(grade, rule.bad_payment_max_grade)
	elif figures.payment_behaviour not in PAYMENT_BEHAVIOURS and figures.payment_behaviour:
		raise GradingRuleError(f"unknown payment behaviour {figures.payment_behaviour!r}")
	return grade
