"""The app's own semgrep rules (.semgrep/crm_assign.yml): their unit tests pass and the app has no finding.

Skipped when semgrep is not installed (`pip install semgrep`); FRAPPE_SEMGREP_RULES may point at a checkout
of frappe/semgrep-rules to run Frappe's rule set too.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / ".semgrep" / "crm_assign.yml"
SEMGREP = shutil.which("semgrep")
# wrappers of stock Frappe routes: they call Frappe's original, which checks permission itself
EXCLUDES = ["--exclude", "test_*.py", "--exclude", "tests", "--exclude", "overrides.py"]

pytestmark = pytest.mark.skipif(not SEMGREP, reason="semgrep not installed")


def run(*args: str) -> subprocess.CompletedProcess:
	return subprocess.run(
		[SEMGREP, "--metrics=off", "--disable-version-check", *args],
		cwd=ROOT,
		capture_output=True,
		text=True,
		timeout=600,
	)


def test_rules_catch_what_their_tests_say():
	result = run("--test", "--config", str(RULES), str(RULES.with_suffix(".py")))
	assert result.returncode == 0, result.stdout + result.stderr


def test_app_has_no_finding():
	configs = ["--config", str(RULES)]
	if os.environ.get("FRAPPE_SEMGREP_RULES"):  # the checkout or its rules/ folder, as in .ci/run
		frappe_rules = Path(os.environ["FRAPPE_SEMGREP_RULES"])
		if (frappe_rules / "rules").is_dir():
			frappe_rules /= "rules"
		configs += ["--config", str(frappe_rules)]
	result = run("--error", "--no-git-ignore", *configs, *EXCLUDES, "crm_assign")
	assert result.returncode == 0, result.stdout[-4000:]
