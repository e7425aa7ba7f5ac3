"""Put the repository root on sys.path so ``import crm_assign`` works under plain ``pytest``; load the
hypothesis profile (``tests/hypothesis_profiles.py``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tests.hypothesis_profiles
