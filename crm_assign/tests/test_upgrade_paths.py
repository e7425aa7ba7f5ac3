"""Dotted paths that a site or its users hold keep working after the code moved (services/ split by capability).

A site stores paths in Scheduled Job Types (re-synced by `bench migrate`), and users hold them in REST clients,
their own scripts and open Desk tabs: the whitelisted methods keep their old paths as aliases
(`override_whitelisted_methods`). Every path the app's hooks and shipped scripts name must resolve.
"""

import os
import re
import unittest
from pathlib import Path

import frappe
import requests
from frappe.core.doctype.scheduled_job_type.scheduled_job_type import sync_jobs

from crm_assign.tests import FrappeTestCase

BASE_URL = os.environ.get("CRM_ASSIGN_BASE_URL")
ADMIN_PASSWORD = os.environ.get("CRM_ASSIGN_ADMIN_PASSWORD", "admin")
APP_DIR = Path(frappe.get_app_path("crm_assign"))

# whitelisted methods before the split, and where each went
MOVED_METHODS = {
	"crm_assign.services.data_requests.export_customer_data": (
		"crm_assign.services.data_protection.data_requests.export_customer_data"
	),
	"crm_assign.services.data_retention.propose_now": "crm_assign.services.data_protection.data_retention.propose_now",
	"crm_assign.services.id_numbers.reveal_id_number": "crm_assign.permissions.id_numbers.reveal_id_number",
	"crm_assign.services.id_numbers.find_customers_by_id_number": (
		"crm_assign.services.data_protection.id_numbers.find_customers_by_id_number"
	),
	"crm_assign.services.incentives.make_month_statements": (
		"crm_assign.services.lifecycle.incentives.make_month_statements"
	),
	"crm_assign.services.lifecycle.set_lifecycle_stage": "crm_assign.services.lifecycle.stages.set_lifecycle_stage",
	"crm_assign.services.lifecycle_jobs.enqueue_nightly": "crm_assign.services.lifecycle.nightly.enqueue_nightly",
	"crm_assign.services.visits.get_calendar_events": "crm_assign.services.service_desk.visits.get_calendar_events",
}
# scheduled jobs before the split (method, frequency, cron): a site installed then holds these Scheduled Job Types
OLD_JOBS = (
	("crm_assign.services.rebalance.daily_leave_delegation", "Daily", None),
	("crm_assign.services.lifecycle_jobs.run_nightly", "Daily Long", None),
	("crm_assign.services.visit_jobs.daily_visit_jobs", "Daily Long", None),
	("crm_assign.services.data_retention.daily_retention", "Daily Long", None),
	("crm_assign.services.backups.take_scheduled_backup", "Daily Long", None),
	("crm_assign.services.complaint_sla.refresh_sla_job", "Cron", "*/10 * * * *"),
	("crm_assign.services.rebalance.weekly_rebalance", "Weekly Long", None),
)
SCRIPT_METHOD = re.compile(r"""["'`](crm_assign(?:\.\w+){2,})["'`]""")


def app_hook_paths() -> set[str]:
	"""Every dotted path crm_assign's hooks.py names (jobs, doc events, permission hooks, overrides)."""
	from crm_assign import hooks

	paths: set[str] = set()

	def collect(value):
		if isinstance(value, str):
			if value.startswith("crm_assign."):
				paths.add(value)
		elif isinstance(value, dict):
			for item in value.values():
				collect(item)
		elif isinstance(value, list | tuple):
			for item in value:
				collect(item)

	for name in dir(hooks):
		if not name.startswith("_"):
			collect(getattr(hooks, name))
	return paths


def is_whitelisted(path: str) -> bool:
	return frappe.get_attr(path) in frappe.whitelisted


class TestUpgradePaths(FrappeTestCase):
	def test_every_path_in_hooks_resolves(self):
		paths = app_hook_paths()
		self.assertGreater(len(paths), 20)
		for path in sorted(paths):
			with self.subTest(path=path):
				self.assertTrue(callable(frappe.get_attr(path)))

	def test_each_stored_scheduled_job_resolves(self):
		"""On a site migrated from a release before the move (.ci/run makes one) as on a new one."""
		stored = frappe.get_all("Scheduled Job Type", {"method": ("like", "crm_assign.%")}, pluck="method")
		self.assertEqual(len(stored), len(OLD_JOBS))
		for method in stored:
			with self.subTest(method=method):
				self.assertTrue(callable(frappe.get_attr(method)))

	def test_every_method_the_shipped_scripts_call_is_whitelisted(self):
		called = {
			match
			for script in APP_DIR.rglob("*.js")
			for match in SCRIPT_METHOD.findall(script.read_text(encoding="utf-8"))
		}
		self.assertIn("crm_assign.services.service_desk.visits.get_calendar_events", called)
		for path in sorted(called):
			with self.subTest(path=path):
				self.assertTrue(is_whitelisted(path), f"{path} is not a whitelisted method")

	def test_old_method_paths_are_aliases_of_the_moved_methods(self):
		overrides = frappe.get_hooks("override_whitelisted_methods")
		for old, new in MOVED_METHODS.items():
			with self.subTest(old=old):
				self.assertEqual(overrides.get(old), [new])
				self.assertTrue(is_whitelisted(new))

	def test_migrate_replaces_the_old_scheduled_jobs(self):
		"""What `bench migrate` does on a site installed before the move: its Scheduled Job Types of the old
		paths give way to the hooks' paths, at the same frequencies, and each of those resolves."""
		for method, frequency, cron_format in OLD_JOBS:  # the site as the previous release left it
			name = ".".join(method.split(".")[-2:])  # Scheduled Job Type's autoname
			frappe.delete_doc("Scheduled Job Type", name, force=True, ignore_missing=True)
			frappe.get_doc(
				{
					"doctype": "Scheduled Job Type",
					"method": method,
					"frequency": frequency,
					"cron_format": cron_format,
				}
			).insert(ignore_permissions=True)

		sync_jobs()

		stored = frappe.get_all(
			"Scheduled Job Type",
			{"method": ("like", "crm_assign.%")},
			["method", "frequency", "cron_format"],
		)
		self.assertFalse({job.method for job in stored} & {method for method, _f, _c in OLD_JOBS})
		self.assertEqual(
			sorted((job.frequency, job.cron_format or None) for job in stored),
			sorted((frequency, cron_format) for _m, frequency, cron_format in OLD_JOBS),
		)
		for job in stored:
			with self.subTest(method=job.method):
				self.assertTrue(callable(frappe.get_attr(job.method)))


@unittest.skipUnless(BASE_URL, "CRM_ASSIGN_BASE_URL not set: no served site to send HTTP requests to")
class TestOldPathsOverHttp(FrappeTestCase):
	"""A REST client still calling a method by its old path gets the same answer, and the same refusal."""

	def call(self, session: requests.Session, path: str) -> requests.Response:
		params = {"start": "2000-01-01 00:00:00", "end": "2000-01-02 00:00:00"}
		return session.get(f"{BASE_URL}/api/method/{path}", params=params, timeout=60)

	def test_old_path_answers_like_the_new_one(self):
		old = "crm_assign.services.visits.get_calendar_events"
		admin = requests.Session()
		admin.post(
			f"{BASE_URL}/api/method/login", data={"usr": "Administrator", "pwd": ADMIN_PASSWORD}
		).raise_for_status()
		by_old, by_new = self.call(admin, old), self.call(admin, MOVED_METHODS[old])
		self.assertEqual(by_old.status_code, 200, by_old.text[:300])
		self.assertEqual(by_old.json(), by_new.json())
		guest = requests.Session()
		self.assertEqual(self.call(guest, old).status_code, self.call(guest, MOVED_METHODS[old]).status_code)
		self.assertIn(self.call(guest, old).status_code, {401, 403})
