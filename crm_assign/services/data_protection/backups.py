"""Regular, encrypted backups with Frappe's own backup code (frappe.utils.backups).

What Frappe v15 does, read from its source:
- Encryption is the System Settings check "Encrypt Backups" (`encrypt_backup`, read with
  `frappe.get_system_settings`), not a site-config key. When it is on, the database dump and the public and
  private file archives are encrypted with gpg (AES256) under `backup_encryption_key` from site_config.json
  (generated at the first encrypted backup). The copy of site_config.json saved with every backup is NOT
  encrypted and carries `encryption_key` (the key of every Password field) and `backup_encryption_key`.
- Frappe's scheduler takes no local backup: `bench setup backups` adds a cron line running
  `bench --site all backup` (database only) every 6 hours, and the S3 / Dropbox / Google Drive integrations
  upload daily or weekly. Each new backup deletes local backup files older than 24 hours
  (`keep_backups_for_hours` in site config changes that).

So the app turns "Encrypt Backups" on (install and every migrate: the rules ask for encrypted backups) and
takes a daily backup with files through the same code unless a recent one exists.
"""

import shutil

import frappe

BACKUP_OLDER_THAN_HOURS = 20  # a daily job finds yesterday's backup 20-28 hours old and takes a new one
SKIP_CONFIG_KEY = "crm_assign_skip_scheduled_backup"  # site config: backups are taken elsewhere


def enable_encrypted_backups() -> None:
	"""Turn System Settings › Encrypt Backups on, where gpg (which Frappe encrypts with) is installed."""
	if frappe.db.get_single_value("System Settings", "encrypt_backup"):
		return
	if not shutil.which("gpg"):
		# with the setting on and no gpg, Frappe stops every backup: better unencrypted than none
		print("crm_assign: gpg is not installed, so System Settings › Encrypt Backups stays off")
		return
	frappe.db.set_single_value("System Settings", "encrypt_backup", 1)
	if hasattr(frappe.local, "system_settings"):  # frappe.get_system_settings' per-request copy
		del frappe.local.system_settings


def take_scheduled_backup() -> None:
	"""daily_long: database, public and private files and site config, encrypted when the setting is on.

	Frappe's `new_backup` keeps a set newer than BACKUP_OLDER_THAN_HOURS (from this job or a full
	`bench backup --with-files`) instead of taking another.
	"""
	if frappe.conf.get(SKIP_CONFIG_KEY):
		return
	from frappe.utils.backups import new_backup

	new_backup(older_than=BACKUP_OLDER_THAN_HOURS, ignore_files=False, force=False)
