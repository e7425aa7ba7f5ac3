"""Backup drill: back up this site as its backups are taken, restore into a new site, prove nothing was lost.

1. Backup with Frappe's own code (`new_backup`: database, public and private files; encrypted, since the
   drill refuses a site whose System Settings › Encrypt Backups is off) into a private temporary folder.
   Row counts, sequences and the encrypted sample are read in a consistent snapshot taken just before
   the dump, so they describe the data the dump holds.
2. `bench new-site TARGET`, then the two keys go into the target's site_config.json — in a real recovery
   they come from wherever they are kept apart from the backups — and `bench --site TARGET restore … \
   --with-public-files … --with-private-files …` decrypts with `backup_encryption_key` from there.
3. Compare: COUNT(*) of every table, every sequence's next value, every file's size and digest, and a random
   sample of encrypted values (`__Auth`: Password fields, the customers' ID numbers) decrypted on both sites
   with each site's own `encryption_key`; and each sampled ID number's keyed hash, recomputed on the restored
   site, against the hash stored there (duplicate and blacklist matching still works).
4. `bench drop-site TARGET` (archived into the temporary folder, which is then deleted) unless keep.

MariaDB only (the app's sequences are MariaDB's). Subprocesses run Frappe's commands the way the bench
CLI does (`python -m frappe.utils.bench_helper frappe …` from the sites folder).
"""

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import frappe
from frappe.utils.password import decrypt

from crm_assign.core.backup_drill import (
	MISSING,
	UNREADABLE,
	DrillReport,
	Mismatch,
	compare_decrypted,
	compare_mappings,
)

SITE_KEYS = ("encryption_key", "backup_encryption_key")
OPENPGP_FIRST_BYTES = {
	0x8C,
	0x8D,
	0x8E,
	0x8F,
	0xC3,
}  # a symmetric-key session packet (gpg -c) begins the file
FILE_ROOTS = ("public/files", "private/files")


class DrillError(Exception):
	"""The drill could not run to the comparison (a failed step, not a difference in data)."""


@dataclass
class SiteState:
	counts: dict[str, int]  # table -> rows
	sequences: dict[str, int]  # sequence -> next value
	files: dict[str, str]  # "public/files/x.png" -> "size sha256"


# --- reading a site -------------------------------------------------------------------------------------


def read_state(db, db_name: str, site_path: str | Path) -> SiteState:
	tables = db.sql(
		"""select table_name, table_type from information_schema.tables
		where table_schema = %s and table_type in ('BASE TABLE', 'SEQUENCE')""",
		(db_name,),
	)
	counts, sequences = {}, {}
	for table, table_type in tables:
		if table_type == "SEQUENCE":
			sequences[table] = db.sql(f"select next_not_cached_value from `{table}`")[0][0]
		else:
			counts[table] = db.sql(f"select count(*) from `{table}`")[0][0]
	return SiteState(counts, sequences, file_digests(site_path))


def file_digests(site_path: str | Path) -> dict[str, str]:
	digests = {}
	for root in FILE_ROOTS:
		base = Path(site_path, root)
		for path in sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else ():
			digests[str(path.relative_to(site_path))] = f"{path.stat().st_size} {sha256(path)}"
	return digests


def sha256(path: Path) -> str:
	digest = hashlib.sha256()
	with open(path, "rb") as f:
		while chunk := f.read(1 << 20):
			digest.update(chunk)
	return digest.hexdigest()


def encrypted_sample(db, size: int) -> tuple[dict[tuple, str], int]:
	"""({(doctype, name, fieldname): ciphertext} for `size` random encrypted values, how many there are)."""
	population = db.sql("select count(*) from `__Auth` where encrypted = 1")[0][0]
	rows = db.sql(
		"""select doctype, name, fieldname, `password` from `__Auth`
		where encrypted = 1 order by rand() limit %s""",
		(size,),
	)
	return {(doctype, name, fieldname): value for doctype, name, fieldname, value in rows}, population


def encrypted_values(db, keys) -> dict[tuple, str]:
	keys = list(keys)
	if not keys:
		return {}
	tuples = ", ".join(["(%s, %s, %s)"] * len(keys))
	rows = db.sql(
		f"""select doctype, name, fieldname, `password` from `__Auth`
		where encrypted = 1 and (doctype, name, fieldname) in ({tuples})""",
		[part for key in keys for part in key],
	)
	return {(doctype, name, fieldname): value for doctype, name, fieldname, value in rows}


def decrypt_all(ciphertexts: dict[tuple, str], encryption_key: str | None) -> dict[tuple, str]:
	"""Frappe's `decrypt` with the given site's key; a value that does not decrypt becomes UNREADABLE."""
	plain = {}
	for key, value in ciphertexts.items():
		try:
			plain[key] = decrypt(value, encryption_key=encryption_key) if encryption_key else UNREADABLE
		except frappe.ValidationError:
			frappe.clear_last_message()
			plain[key] = UNREADABLE
	return plain


@dataclass
class Comparison:
	mismatches: list[Mismatch]
	state: SiteState  # the restored site's
	hashes_checked: int


def compare_with_target(
	source: SiteState, source_plain: dict[tuple, str], target: "RestoredSite"
) -> Comparison:
	"""Everything the drill checks, against a restored site. Also what a test calls on a tampered copy."""
	state = read_state(target.db, target.db_name, target.path)
	key = target.config.get("encryption_key")
	plain = decrypt_all(encrypted_values(target.db, source_plain), key)
	hashes_checked, hash_mismatches = check_id_number_hashes(target.db, key, plain)
	mismatches = [
		*compare_mappings("rows", source.counts, state.counts),
		*compare_mappings("sequence", source.sequences, state.sequences),
		*compare_mappings("file", source.files, state.files),
		*compare_decrypted(source_plain, plain),
		*hash_mismatches,
	]
	return Comparison(mismatches, state, hashes_checked)


def check_id_number_hashes(
	db, encryption_key: str | None, plain: dict[tuple, str]
) -> tuple[int, list[Mismatch]]:
	"""Duplicate and blacklist matching on a site: each decrypted ID number of the sample hashes, under the key
	derived from the site's encryption_key, to the `id_number_hash` stored beside it. (How many were checked,
	the ones that do not.)"""
	from crm_assign.core.identifiers import ENCRYPTED_DOCTYPES, HASH_FIELD, ID_FIELD, derive_key, keyed_hash
	from crm_assign.services.data_protection.id_numbers import HASH_PURPOSE

	numbers = {
		(doctype, name): value
		for (doctype, name, fieldname), value in plain.items()
		if doctype in ENCRYPTED_DOCTYPES and fieldname == ID_FIELD and value not in (UNREADABLE, MISSING)
	}
	if not numbers or not encryption_key:
		return 0, []
	hash_key = derive_key(encryption_key, HASH_PURPOSE)
	mismatches = []
	for doctype in ENCRYPTED_DOCTYPES:
		names = [name for dt, name in numbers if dt == doctype]
		if not names:
			continue
		stored = dict(
			db.sql(
				f"select name, `{HASH_FIELD}` from `tab{doctype}` where name in %(names)s",
				{"names": tuple(names)},
			)
		)
		mismatches += [
			Mismatch("id number hash", f"{doctype} / {name}", "matches its number", "does not")
			for name in names
			if stored.get(name) != keyed_hash(numbers[doctype, name], hash_key)
		]
	return len(numbers), mismatches


class RestoredSite:
	"""A site of this bench by name: its folder, config and an own database connection (not frappe.db)."""

	def __init__(self, site: str):
		self.site = site
		self.path = Path(sites_path(), site)
		self.config = frappe._dict(frappe.get_site_config(site_path=str(self.path)))
		self.db_name = self.config.db_name
		self._db = None

	@property
	def db(self):
		if self._db is None:
			from frappe.database import get_db

			self._db = get_db(
				socket=self.config.db_socket,
				host=self.config.db_host,
				port=self.config.db_port,
				user=self.config.db_user or self.config.db_name,
				password=self.config.db_password,
				cur_db_name=self.config.db_name,
			)
			self._db.connect()
		return self._db

	def close(self) -> None:
		if self._db is not None:
			self._db.close()
			self._db = None


# --- the drill ------------------------------------------------------------------------------------------


def sites_path() -> str:
	return os.path.realpath(frappe.local.sites_path)


def run_bench(*args: str, secrets_in_args: tuple[str, ...] = ()) -> float:
	"""A Frappe bench command in a subprocess; its duration. Raises DrillError with the output's tail."""
	started = time.perf_counter()
	result = subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", *args],
		cwd=sites_path(),
		stdin=subprocess.DEVNULL,
		capture_output=True,
		text=True,
	)
	if result.returncode:
		shown = " ".join("***" if arg in secrets_in_args else arg for arg in args)
		tail = (result.stdout + result.stderr)[-3000:]
		raise DrillError(f"bench {shown} failed ({result.returncode}):\n{tail}")
	return time.perf_counter() - started


def drop_site(site: str, db_root_password: str) -> float:
	"""`bench drop-site` without leaving the site's folder (its keys and files) under archived/sites."""
	archive = tempfile.mkdtemp(prefix="crm-assign-drill-archive-")
	try:
		return run_bench(
			"drop-site",
			site,
			"--force",
			"--no-backup",
			"--db-root-password",
			db_root_password,
			"--archived-sites-path",
			archive,
			secrets_in_args=(db_root_password,),
		)
	finally:
		shutil.rmtree(archive, ignore_errors=True)


def looks_encrypted(path: str) -> bool:
	with open(path, "rb") as f:
		first = f.read(1)
	return bool(first) and first[0] in OPENPGP_FIRST_BYTES


def run_drill(
	target_site: str,
	*,
	db_root_password: str,
	keep: bool = False,
	sample: int = 100,
	echo: Callable[[str], None] = print,
) -> DrillReport:
	"""The drill from the connected site (frappe.local.site) to a new `target_site`."""
	source_site = frappe.local.site
	check_can_run(source_site, target_site)
	report = DrillReport(source_site, target_site)
	work = Path(tempfile.mkdtemp(prefix="crm-assign-drill-"))  # mode 0700
	created = False
	try:
		echo(f"backing up {source_site} (encrypted, with files) …")
		source, source_plain, paths = backup_in_snapshot(report, work, sample)

		echo(f"creating {target_site} …")
		password = secrets.token_urlsafe(16)  # replaced by the source's Administrator with the restore
		report.seconds["create target site"] = run_bench(
			"new-site",
			target_site,
			"--admin-password",
			password,
			"--db-root-password",
			db_root_password,
			secrets_in_args=(password, db_root_password),
		)
		created = True

		echo(f"restoring into {target_site} …")
		hand_over_keys(target_site)
		report.seconds["restore"] = run_bench(
			"--site",
			target_site,
			"restore",
			paths["database"],
			"--with-public-files",
			paths["public files"],
			"--with-private-files",
			paths["private files"],
			"--db-root-password",
			db_root_password,
			secrets_in_args=(db_root_password,),
		)

		echo("comparing …")
		started = time.perf_counter()
		target = RestoredSite(target_site)
		try:
			comparison = compare_with_target(source, source_plain, target)
		finally:
			target.close()
		report.seconds["compare"] = time.perf_counter() - started
		report.tables, report.rows = len(source.counts), sum(source.counts.values())
		report.sequences, report.files = len(source.sequences), len(source.files)
		report.mismatches, report.hashes_checked = comparison.mismatches, comparison.hashes_checked
		report.sample_size = len(source_plain)
	finally:
		if created and not keep:
			echo(f"dropping {target_site} …")
			report.seconds["drop target site"] = drop_site(target_site, db_root_password)
		shutil.rmtree(work, ignore_errors=True)
	if keep:
		report.notes.append(f"{target_site} kept: drop it with bench drop-site {target_site}")
	return report


def check_can_run(source_site: str, target_site: str) -> None:
	if frappe.conf.db_type == "postgres":
		raise DrillError("The drill supports MariaDB sites only.")
	if target_site == source_site or os.path.exists(os.path.join(sites_path(), target_site)):
		raise DrillError(f"{target_site} exists: the drill restores into a new site only.")
	if not frappe.get_system_settings("encrypt_backup"):
		raise DrillError(
			"System Settings › Encrypt Backups is off, so this site's backups are not encrypted. "
			"Turn it on (bench --site SITE migrate does) and run the drill again."
		)


def backup_in_snapshot(report: DrillReport, work: Path, sample: int):
	"""Frappe's backup of this site, and the state it should restore to, read in one snapshot."""
	from frappe.utils.backups import new_backup

	frappe.db.rollback()
	# a consistent snapshot (InnoDB) begun just before the dump's own, so counts describe the dump
	frappe.db.sql("start transaction with consistent snapshot")  # nosemgrep: frappe-using-db-sql
	started = time.perf_counter()
	odb = new_backup(backup_path=str(work), ignore_files=False, force=True)
	report.seconds["backup"] = time.perf_counter() - started
	source = read_state(frappe.db, frappe.conf.db_name, frappe.get_site_path())
	ciphertexts, report.sample_population = encrypted_sample(frappe.db, sample)
	source_plain = decrypt_all(ciphertexts, frappe.conf.get("encryption_key"))
	frappe.db.rollback()

	paths = {
		"database": odb.backup_path_db,
		"public files": odb.backup_path_files,
		"private files": odb.backup_path_private_files,
	}
	report.backup_bytes = {name: os.path.getsize(path) for name, path in paths.items()}
	report.encrypted = all(looks_encrypted(path) for path in paths.values())
	if not report.encrypted:
		raise DrillError("Frappe's backup files are not encrypted (is gpg installed?).")
	if "encryption_key" in Path(odb.backup_path_conf).read_text():
		report.notes.append(
			"Frappe saves site_config.json with every backup, unencrypted and with encryption_key and "
			"backup_encryption_key: keep those files (and the keys) apart from the encrypted backups."
		)
	os.remove(odb.backup_path_conf)  # the drill restores the keys as a recovery would: from elsewhere
	return source, source_plain, paths


def hand_over_keys(target_site: str) -> None:
	"""The source's keys into the target's site_config.json: encryption_key for the Password fields,
	backup_encryption_key for `bench restore` (which then needs no key on its command line)."""
	from frappe.installer import update_site_config

	config_path = os.path.join(sites_path(), target_site, "site_config.json")
	for key in SITE_KEYS:
		if frappe.conf.get(key):
			update_site_config(key, frappe.conf.get(key), site_config_path=config_path)
	with open(config_path) as f:
		if not json.load(f).get("backup_encryption_key"):
			raise DrillError("The source site has no backup_encryption_key: its backups cannot be restored.")
