"""Hypothesis profiles: ``ci`` (default) is derandomised so CI's verdict never depends on a seed;
``thorough`` (``HYPOTHESIS_PROFILE=thorough``) explores many random examples before a stop.

A counterexample the thorough profile finds becomes an ``@example`` on its test, so ``ci`` replays it forever.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
	"ci", derandomize=True, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
	"thorough",
	max_examples=1_000,
	deadline=None,
	print_blob=True,
	suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
SCALE = 10 if PROFILE == "thorough" else 1


def scaled(max_examples: int) -> int:
	"""A test's own example budget, multiplied under the thorough profile."""
	return max_examples * SCALE
