"""Monthly new-customer development incentive of one person, from plain numbers (新客户开发激励).

The rules (defaults of `IncentivePolicy`, from the development rules):

- Quota: +10 for every new customer above the month's quota, -10 for every one missing.
- A developed customer *counts as new* when its net purchases (sales - returns) in its first month are
  above 100. Only customers that counted earn purchase bonuses.
- Purchase bonus in the customer's first, second and third month, on that month's gross sales:
  first month >= 2,000 -> 50, >= 4,000 -> 100; second >= 3,000 -> 50, >= 5,000 -> 100;
  third >= 5,000 -> 100, >= 10,000 -> 200. Bonuses of a month don't stack: the highest tier reached pays.
- Returns deduct in proportion: a month's bonus is cut by returns / gross sales of that month
  (a 4,000 sale with a 1,000 return pays 100 - 25 = 75).
- A customer found fabricated (an existing customer renamed) never counts and earns nothing; in the month
  it is found, the person is charged 10x every bonus the customer earned up to and including that month.

A statement for month M reads only data dated in M (and the customers' earlier months), so once a month is
locked against backdated transactions the statement can be recomputed to the same figures at any time.
Money is computed in Decimal and rounded half-up to cents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from crm_assign.core.lifecycle import months_between

CENT = Decimal("0.01")
PURCHASE_MONTHS = (1, 2, 3)


class IncentivePolicyError(ValueError):
	pass


def money(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Tier:
	purchase_month: int  # 1 = the customer's first month, 2 = second, 3 = third
	min_amount: Decimal
	bonus: Decimal


DEFAULT_TIERS = (
	Tier(1, Decimal(2000), Decimal(50)),
	Tier(1, Decimal(4000), Decimal(100)),
	Tier(2, Decimal(3000), Decimal(50)),
	Tier(2, Decimal(5000), Decimal(100)),
	Tier(3, Decimal(5000), Decimal(100)),
	Tier(3, Decimal(10000), Decimal(200)),
)


@dataclass(frozen=True)
class IncentivePolicy:
	per_missing_customer: Decimal = Decimal(10)
	per_extra_customer: Decimal = Decimal(10)
	new_customer_min_first_month: Decimal = Decimal(100)
	tiers: tuple[Tier, ...] = DEFAULT_TIERS
	fabrication_multiplier: Decimal = Decimal(10)
	returns_deduct: bool = True

	def __post_init__(self):
		validate_policy(self)

	def bonus_for(self, purchase_month: int, gross: Decimal) -> Decimal:
		"""The highest bonus of the tiers this month's gross sales reach (tiers never stack)."""
		reached = [
			t.bonus for t in self.tiers if t.purchase_month == purchase_month and gross >= t.min_amount
		]
		return max(reached, default=Decimal(0))


def validate_policy(policy: IncentivePolicy) -> None:
	numbers = {
		"per_missing_customer": policy.per_missing_customer,
		"per_extra_customer": policy.per_extra_customer,
		"new_customer_min_first_month": policy.new_customer_min_first_month,
		"fabrication_multiplier": policy.fabrication_multiplier,
	}
	for name, value in numbers.items():
		if value < 0:
			raise IncentivePolicyError(f"{name} cannot be negative")
	seen = set()
	for tier in policy.tiers:
		if tier.purchase_month not in PURCHASE_MONTHS:
			raise IncentivePolicyError(f"purchase month must be 1, 2 or 3, not {tier.purchase_month}")
		if tier.min_amount < 0 or tier.bonus < 0:
			raise IncentivePolicyError("tier amounts and bonuses cannot be negative")
		key = (tier.purchase_month, tier.min_amount)
		if key in seen:
			raise IncentivePolicyError(f"two tiers for month {key[0]} start at {key[1]}")
		seen.add(key)


@dataclass(frozen=True)
class DevelopedCustomer:
	"""A customer credited to the person as newly developed, with its purchases by purchase month.

	`sales[i]` / `returns[i]` are the gross sales / returns dated in the customer's (i+1)-th month.
	`fabricated_in` is the first day of the month it was found fabricated, if it was.
	"""

	customer: str
	first_month: date
	sales: Sequence[Decimal] = (Decimal(0), Decimal(0), Decimal(0))
	returns: Sequence[Decimal] = (Decimal(0), Decimal(0), Decimal(0))
	fabricated_in: date | None = None
	ref: str = ""  # the caller's own key (e.g. the credit record), copied to the lines

	def purchase_month_in(self, month: date) -> int:
		return months_between(self.first_month, month) + 1

	def gross(self, purchase_month: int) -> Decimal:
		return money(_at(self.sales, purchase_month))

	def returned(self, purchase_month: int) -> Decimal:
		return money(_at(self.returns, purchase_month))


def _at(values: Sequence, purchase_month: int):
	index = purchase_month - 1
	return values[index] if 0 <= index < len(values) else 0


@dataclass(frozen=True)
class IncentiveLine:
	customer: str
	purchase_month: int  # 1-3, or 0 for a fabrication charge after the customer's third month
	gross: Decimal
	returns: Decimal
	counted: bool
	tier_bonus: Decimal
	return_deduction: Decimal
	fabrication_penalty: Decimal
	amount: Decimal
	note: str = ""
	ref: str = ""


@dataclass(frozen=True)
class IncentiveStatement:
	month: date
	quota: int
	new_customers: int
	missing: int
	extra: int
	quota_amount: Decimal
	bonus_amount: Decimal
	return_deduction: Decimal
	fabrication_penalty: Decimal
	total: Decimal
	lines: tuple[IncentiveLine, ...] = field(default_factory=tuple)


def counts_as_new(customer: DevelopedCustomer, policy: IncentivePolicy) -> bool:
	net_first_month = customer.gross(1) - customer.returned(1)
	return net_first_month > policy.new_customer_min_first_month


def earned_bonus(customer: DevelopedCustomer, purchase_month: int, policy: IncentivePolicy) -> tuple:
	"""(tier bonus, return deduction) earned in one purchase month, as if the customer were genuine."""
	if not counts_as_new(customer, policy):
		return Decimal(0), Decimal(0)
	gross = customer.gross(purchase_month)
	bonus = policy.bonus_for(purchase_month, gross)
	deduction = Decimal(0)
	if bonus and policy.returns_deduct and gross > 0:
		share = min(customer.returned(purchase_month), gross) / gross
		deduction = money(bonus * share)
	return bonus, deduction


def compute_statement(
	month: date, quota: int, customers: Iterable[DevelopedCustomer], policy: IncentivePolicy | None = None
) -> IncentiveStatement:
	"""The incentive statement of one person for `month` (any day of it)."""
	policy = policy or IncentivePolicy()
	month = month.replace(day=1)
	if quota < 0:
		raise IncentivePolicyError("quota cannot be negative")
	lines = []
	for customer in sorted(customers, key=lambda c: (c.first_month, c.customer)):
		line = _line_for(customer, month, policy)
		if line:
			lines.append(line)
	new_customers = sum(1 for line in lines if line.counted)
	missing, extra = max(0, quota - new_customers), max(0, new_customers - quota)
	quota_amount = money(extra * policy.per_extra_customer - missing * policy.per_missing_customer)
	bonus = sum((line.tier_bonus for line in lines), Decimal(0))
	deduction = sum((line.return_deduction for line in lines), Decimal(0))
	penalty = sum((line.fabrication_penalty for line in lines), Decimal(0))
	return IncentiveStatement(
		month=month,
		quota=quota,
		new_customers=new_customers,
		missing=missing,
		extra=extra,
		quota_amount=quota_amount,
		bonus_amount=money(bonus),
		return_deduction=money(deduction),
		fabrication_penalty=money(penalty),
		total=money(quota_amount + bonus - deduction - penalty),
		lines=tuple(lines),
	)


def _line_for(customer: DevelopedCustomer, month: date, policy: IncentivePolicy) -> IncentiveLine | None:
	purchase_month = customer.purchase_month_in(month)
	in_window = purchase_month in PURCHASE_MONTHS
	found = customer.fabricated_in.replace(day=1) if customer.fabricated_in else None
	if found and found < month:
		return None  # charged in the month it was found; earns nothing afterwards
	if found == month and purchase_month >= 1:
		return _fabrication_line(customer, purchase_month, policy)
	if not in_window:
		return None
	gross, returned = customer.gross(purchase_month), customer.returned(purchase_month)
	bonus, deduction = earned_bonus(customer, purchase_month, policy)
	return IncentiveLine(
		customer=customer.customer,
		purchase_month=purchase_month,
		gross=gross,
		returns=returned,
		counted=purchase_month == 1 and counts_as_new(customer, policy),
		tier_bonus=bonus,
		return_deduction=deduction,
		fabrication_penalty=Decimal(0),
		amount=money(bonus - deduction),
		ref=customer.ref,
	)


def _fabrication_line(customer: DevelopedCustomer, purchase_month: int, policy: IncentivePolicy):
	months = [m for m in PURCHASE_MONTHS if m <= purchase_month]
	earned = Decimal(0)
	for m in months:
		bonus, deduction = earned_bonus(customer, m, policy)
		earned += bonus - deduction
	penalty = money(earned * policy.fabrication_multiplier)
	shown = purchase_month if purchase_month in PURCHASE_MONTHS else 0
	return IncentiveLine(
		customer=customer.customer,
		purchase_month=shown,
		gross=customer.gross(shown) if shown else Decimal(0),
		returns=customer.returned(shown) if shown else Decimal(0),
		counted=False,
		tier_bonus=Decimal(0),
		return_deduction=Decimal(0),
		fabrication_penalty=penalty,
		amount=-penalty,
		note="fabricated",
		ref=customer.ref,
	)
