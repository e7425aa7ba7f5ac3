"""Backups that restore: the setup turns encryption on, the daily job backs up, and the drill runs end to end
on this test site (`bench crm-assign-backup-drill`, a throwaway target) — then the drill's comparison, run
again on the kept target after tampering with it, reports each kind of loss.

Needs the MariaDB root password (env CRM_ASSIGN_DB_ROOT_PASSWORD, default "root") and gpg; skipped without.
"""

import os
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

import frappe
from cryptography.fernet import Fernet
from frappe.utils.password import encrypt, remove_encrypted_password, set_encrypted_password

from crm_assign.core.backup_drill import UNREADABLE, Mismatch
from crm_assign.services.data_protection.backup_drill import (
	RestoredSite,
	check_id_number_hashes,
	compare_with_target,
	decrypt_all,
	drop_site,
	encrypted_values,
	looks_encrypted,
	read_state,
)
from crm_assign.services.data_protection.backups import enable_encrypted_backups, take_scheduled_backup
from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_customer

CANARY = ("User", "Administrator", "crm_assign_drill_canary")
CANARY_VALUE = "备份演练 canary 110101199003074477"
CANARY_FILE = "crm_assign_drill_canary.txt"


def root_password() -> str | None:
	"""The MariaDB root password when it works, else None."""
	import pymysql

	password = os.environ.get("CRM_ASSIGN_DB_ROOT_PASSWORD", "root")
	try:
		pymysql.connect(
			host=frappe.conf.db_host or "localhost",
			port=int(frappe.conf.db_port or 3306),
			user="root",
			password=password,
		).close()
	except pymysql.err.OperationalError:
		return None
	return password


class TestEncryptedBackups(FrappeTestCase):
	def test_setup_turns_encryption_on(self):
		if not shutil.which("gpg"):
			self.skipTest("gpg is not installed: the setup leaves Encrypt Backups off")
		frappe.db.set_single_value("System Settings", "encrypt_backup", 0)
		enable_encrypted_backups()
		self.assertEqual(frappe.db.get_single_value("System Settings", "encrypt_backup"), 1)
		self.assertTrue(frappe.get_system_settings("encrypt_backup"))

	def test_daily_job_takes_an_encrypted_backup_with_files_once(self):
		if not shutil.which("gpg"):
			self.skipTest("gpg is not installed")
		enable_encrypted_backups()
		backups = Path(frappe.get_site_path("private", "backups"))

		def newest(kind: str) -> Path | None:
			found = sorted(backups.glob(f"*-{kind}-enc.*"), key=lambda p: p.name)
			return found[-1] if found else None

		take_scheduled_backup()
		database, public, private = newest("database"), newest("files"), newest("private-files")
		for path in (database, public, private):
			self.assertIsNotNone(path)
			self.assertTrue(looks_encrypted(str(path)), path)
		take_scheduled_backup()  # a recent set exists: Frappe keeps it
		self.assertEqual(newest("database"), database)


class TestIdNumberHashCheck(FrappeTestCase):
	def test_a_hash_that_does_not_match_its_number_is_reported(self):
		number = "110101199003074477"
		customer = make_customer("备份演练客户", id_number=number)
		key = ("Managed Customer", customer.name, "id_number")
		plain = decrypt_all(encrypted_values(frappe.db, [key]), frappe.conf.encryption_key)
		self.assertEqual(plain, {key: number})
		self.assertEqual(check_id_number_hashes(frappe.db, frappe.conf.encryption_key, plain), (1, []))

		stored_hash = frappe.db.get_value("Managed Customer", customer.name, "id_number_hash")
		frappe.db.set_value("Managed Customer", customer.name, "id_number_hash", "0" * 64)
		checked, mismatches = check_id_number_hashes(frappe.db, frappe.conf.encryption_key, plain)
		self.assertEqual(checked, 1)
		self.assertEqual([m.key for m in mismatches], [f"Managed Customer / {customer.name}"])

		frappe.db.set_value("Managed Customer", customer.name, "id_number_hash", stored_hash)
		other_key = Fernet.generate_key().decode()  # as on a site restored with another encryption_key
		self.assertEqual(len(check_id_number_hashes(frappe.db, other_key, plain)[1]), 1)


class TestBackupDrill(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.password = root_password()
		if not cls.password or not shutil.which("gpg"):
			raise unittest.SkipTest(
				"backup drill skipped: no working MariaDB root password "
				"(set CRM_ASSIGN_DB_ROOT_PASSWORD) or no gpg"
			)
		enable_encrypted_backups()
		# the drill's backup runs in another process: it sees committed rows and files on disk only
		set_encrypted_password(*CANARY[:2], CANARY_VALUE, CANARY[2])
		frappe.db.commit()
		cls.canary_file = Path(frappe.get_site_path("public", "files", CANARY_FILE))
		cls.canary_file.parent.mkdir(parents=True, exist_ok=True)
		cls.canary_file.write_text(CANARY_VALUE)
		cls.target = f"crm-drill-{frappe.generate_hash(length=8)}.localhost"
		cls.addClassCleanup(cls.remove_canaries)

	@classmethod
	def remove_canaries(cls):
		remove_encrypted_password(*CANARY)
		frappe.db.commit()
		cls.canary_file.unlink(missing_ok=True)
		if os.path.isdir(os.path.join(frappe.local.sites_path, cls.target)):
			drop_site(cls.target, cls.password)

	def test_drill_restores_everything_and_its_comparison_reports_every_loss(self):
		bench = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", frappe.local.site]
		drill = ["crm-assign-backup-drill", "--target-site", self.target, "--keep", "--sample", "1000"]
		result = subprocess.run(
			[*bench, *drill],
			cwd=frappe.local.sites_path,
			env={**os.environ, "CRM_ASSIGN_DB_ROOT_PASSWORD": self.password},
			stdin=subprocess.DEVNULL,
			capture_output=True,
			text=True,
			timeout=600,
		)
		output = result.stdout + result.stderr
		self.assertEqual(result.returncode, 0, output)
		self.assertIn("RESULT: OK", output)
		self.assertRegex(output, r"backup encrypted\s+yes")
		self.assertRegex(output, r"rows compared\s+[1-9]")

		# the drill's checks, run again on the kept target after taking something away each time
		source = read_state(frappe.db, frappe.conf.db_name, frappe.get_site_path())
		source_plain = decrypt_all(encrypted_values(frappe.db, [CANARY]), frappe.conf.encryption_key)
		self.assertEqual(source_plain, {CANARY: CANARY_VALUE})
		self.assertIn(f"public/files/{CANARY_FILE}", source.files)

		target = RestoredSite(self.target)
		self.addCleanup(target.close)
		comparison = compare_with_target(source, source_plain, target)
		canary_file = f"public/files/{CANARY_FILE}"
		self.assertEqual(comparison.state.files[canary_file], source.files[canary_file])
		self.assertNotIn("encrypted value", {m.kind for m in comparison.mismatches})
		self.assertNotIn("tabRole", {m.key for m in comparison.mismatches})

		roles = source.counts["tabRole"]
		target.db.sql("delete from `tabRole` where name = 'Customer Auditor'")
		target.db.sql(
			"update `__Auth` set `password` = %s where doctype = %s and name = %s and fieldname = %s",
			(encrypt("another value", encryption_key=target.config.encryption_key), *CANARY),
		)
		target.db.commit()
		(target.path / "public" / "files" / CANARY_FILE).unlink()
		mismatches = compare_with_target(source, source_plain, target).mismatches
		self.assertIn(Mismatch("rows", "tabRole", roles, roles - 1), mismatches)
		self.assertIn(
			Mismatch("encrypted value", " / ".join(CANARY), "decrypts", "a different value"), mismatches
		)
		self.assertIn(f"public/files/{CANARY_FILE}", {m.key for m in mismatches if m.kind == "file"})

		# restored without the source's encryption_key, no encrypted value can be read
		target.config.encryption_key = Fernet.generate_key().decode()
		mismatches = compare_with_target(source, source_plain, target).mismatches
		self.assertIn(Mismatch("encrypted value", " / ".join(CANARY), "decrypts", UNREADABLE), mismatches)
