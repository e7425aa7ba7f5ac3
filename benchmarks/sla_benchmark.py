"""SLA status of 100k open complaints: goal < 2 s on one core.

Run: ``python benchmarks/sla_benchmark.py [--count 100000] [--seed 7]``. Complaints are opened at seeded
random naive times (as Frappe stores them, in the site zone) within the 60 days before "now", with mixed
severities and customer grades; ~30 % already responded, ~15 % paused ("Waiting on Customer", some still
paused). With ``--check`` it exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm_assign.core.holidays_cn import china_work_calendar
from crm_assign.core.sla import escalation_level, sla_status
from crm_assign.core.sla_policy import CUSTOMER_GRADES, SEVERITIES, SlaPolicy

GOAL_SECONDS = 2.0
NOW = datetime(2026, 3, 16, 10, 30)
H = 3600
POLICY = SlaPolicy.from_dict(
	{
		"default": {"response_seconds": 8 * H, "resolution_seconds": 5 * 7.5 * H},
		"rules": [
			{"severity": "Critical", "grade": grade, "response_seconds": 0.5 * H, "resolution_seconds": 4 * H}
			for grade in CUSTOMER_GRADES
		]
		+ [
			{"severity": "High", "grade": "A", "response_seconds": 1 * H, "resolution_seconds": 7.5 * H},
			{"severity": "High", "grade": "B", "response_seconds": 2 * H, "resolution_seconds": 15 * H},
			{"severity": "Medium", "grade": "A", "response_seconds": 4 * H, "resolution_seconds": 15 * H},
			{"severity": "Low", "grade": "C", "response_seconds": 16 * H, "resolution_seconds": 75 * H},
		],
	}
)


def make_complaints(count: int, seed: int) -> list[tuple]:
	rng = random.Random(seed)
	window = 60 * 86_400
	complaints = []
	for _ in range(count):
		opened = NOW - timedelta(seconds=rng.randrange(window))
		responded = opened + timedelta(seconds=rng.randrange(4 * H)) if rng.random() < 0.3 else None
		pauses = []
		if rng.random() < 0.15:
			start = opened + timedelta(seconds=rng.randrange(int((NOW - opened).total_seconds()) + 1))
			end = start + timedelta(hours=rng.randrange(1, 72))
			pauses.append((start, end if end < NOW and rng.random() < 0.7 else None))
		targets = POLICY.targets_for(rng.choice(SEVERITIES), rng.choice(CUSTOMER_GRADES))
		complaints.append((opened, responded, pauses, targets))
	return complaints


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--count", type=int, default=100_000)
	parser.add_argument("--seed", type=int, default=7)
	parser.add_argument("--check", action="store_true", help="exit 1 when the goal is missed")
	args = parser.parse_args()

	calendar = china_work_calendar([2025, 2026], use_library=False)
	complaints = make_complaints(args.count, args.seed)

	started = time.perf_counter()
	levels = Counter()
	for opened, responded, pauses, targets in complaints:
		status = sla_status(opened, NOW, responded, None, pauses, targets, calendar, POLICY.at_risk_ratio)
		levels[escalation_level(status)] += 1
	elapsed = time.perf_counter() - started

	print(
		f"SLA status of {args.count:,} open complaints: {elapsed:.3f} s ({elapsed / args.count * 1e6:.1f} µs each)"
	)
	print("escalation levels:", dict(sorted(levels.items())))
	goal_met = elapsed < GOAL_SECONDS * args.count / 100_000
	print(f"goal < {GOAL_SECONDS} s per 100k: {'met' if goal_met else 'MISSED'}")
	return 0 if goal_met or not args.check else 1


if __name__ == "__main__":
	sys.exit(main())
