"""ID / registration numbers, encrypted at rest and matched by a keyed hash.

`id_number` is a Password field on Managed Customer and Customer Blacklist: Frappe encrypts a typed value
with the site's `encryption_key` (Fernet) into `__Auth` and leaves a mask of asterisks in the column, so the
number is in clear in no table, Version row, list, report or export. Next to it, `id_number_hash` (indexed,
hidden) holds HMAC-SHA256 of the normalised number under a key derived from the same `encryption_key`:
duplicate and blacklist checks compare hashes and never decrypt.

Users who may read the field on a record see the number on request ("Show ID Number": the permission
layer's `reveal_id_number`, crm_assign/permissions/id_numbers.py); every reveal is written to the Access Log. Both the ciphertexts and the hashes
depend on `encryption_key`: a site restored without its site_config.json can neither read nor match them.
"""

from collections.abc import Callable

import frappe
from cryptography.fernet import Fernet
from frappe import _
from frappe.utils import encode
from frappe.utils.password import get_encryption_key

from crm_assign.core.identifiers import HASH_FIELD, ID_FIELD, derive_key, keyed_hash
from crm_assign.permissions.fields import unreadable_fields

CUSTOMER = "Managed Customer"
HASH_PURPOSE = "crm_assign id_number_hash v1"
AUTH_ROWS_PER_QUERY = 1000


def hash_key() -> bytes:
	return derive_key(get_encryption_key(), HASH_PURPOSE)


def id_number_hash(value: str | None) -> str | None:
	return keyed_hash(value, hash_key())


def is_mask(value: str | None) -> bool:
	"""The asterisks Frappe leaves in a Password column (what every load of the document carries)."""
	return bool(value) and set(value) == {"*"}


def set_id_number_hash(doc) -> None:
	"""Validate step (runs before Frappe encrypts the field): the hash of a newly typed number, the stored
	hash while the field holds the mask, none for an empty field. The hash is always computed here, never
	taken from the client."""
	value = (doc.get(ID_FIELD) or "").strip()
	if is_mask(value):
		if doc.is_new():  # a copied form: a mask with no number behind it
			doc.set(ID_FIELD, None)
			doc.set(HASH_FIELD, None)
		else:
			doc.set(ID_FIELD, value)  # stripped: Frappe keeps only a pure mask as "unchanged"
			doc.set(HASH_FIELD, _stored_hash(doc))
		return
	value = value.replace("*", "").strip()  # typed after the mask without clearing it first
	doc.set(ID_FIELD, value or None)
	doc.set(HASH_FIELD, id_number_hash(value))


def _stored_hash(doc) -> str | None:
	before = doc.get_doc_before_save()
	if before:
		return before.get(HASH_FIELD)
	return frappe.db.get_value(doc.doctype, doc.name, HASH_FIELD)


@frappe.whitelist()
def find_customers_by_id_number(id_number: str) -> list[dict]:
	"""Customers the user may see whose ID number is this one (any spacing/case), matched by its keyed hash:
	the field is encrypted, so list filters cannot search it. Only for users who may read the field."""
	frappe.has_permission(CUSTOMER, "read", throw=True)
	if ID_FIELD in unreadable_fields(CUSTOMER):
		frappe.throw(_("You are not permitted to read ID numbers of customers."), frappe.PermissionError)
	digest = id_number_hash(id_number)
	if not digest:
		return []
	return frappe.get_list(
		CUSTOMER,
		filters={HASH_FIELD: digest},
		fields=["name", "customer_name", "account_manager", "status"],
		order_by="name asc",
		limit_page_length=20,
	)


# bulk: demo data and the migration patch ----------------------------------------------------------------


def sealer() -> Callable[[str], tuple[str, str, str | None]]:
	"""number -> (mask, ciphertext, hash), with the keys read once for many numbers. The ciphertext is what
	`frappe.utils.password.encrypt` makes, so `get_decrypted_password` reads it."""
	fernet = Fernet(encode(get_encryption_key()))
	key = hash_key()

	def seal(value: str) -> tuple[str, str, str | None]:
		value = value.strip()
		return "*" * len(value), fernet.encrypt(value.encode()).decode(), keyed_hash(value, key)

	return seal


def store_ciphertexts(doctype: str, rows: list[tuple[str, str]]) -> None:
	"""Write (name, ciphertext) of `doctype` to __Auth as `set_encrypted_password` would, in multi-row
	inserts (plain SQL with placeholders: rendering as many values through frappe.qb takes three times as long)."""
	for start in range(0, len(rows), AUTH_ROWS_PER_QUERY):
		chunk = rows[start : start + AUTH_ROWS_PER_QUERY]
		frappe.db.sql(  # nosemgrep: frappe-using-db-sql -- a multi-row upsert into __Auth, placeholders only
			"insert into `__Auth` (`doctype`, `name`, `fieldname`, `password`, `encrypted`) values "
			+ ", ".join(["(%s, %s, %s, %s, 1)"] * len(chunk))
			+ " on duplicate key update `password` = values(`password`), `encrypted` = 1",
			[value for name, ciphertext in chunk for value in (doctype, name, ID_FIELD, ciphertext)],
		)


def encrypt_clear_id_numbers(doctype: str, chunk: int = 5000) -> int:
	"""Encrypt the clear-text numbers left in the `id_number` column (rows written before the field was
	encrypted), in chunks of `chunk` rows by name (memory stays flat; the caller commits: a patch is one
	transaction). Masked rows are skipped, so running it again is safe. Returns the rows encrypted."""
	table = frappe.qb.DocType(doctype)
	seal = sealer()
	done, last = 0, ""
	while True:
		rows = (
			frappe.qb.from_(table)
			.select(table.name, table[ID_FIELD])
			.where(table.name > last)
			.where(table[ID_FIELD].isnotnull() & (table[ID_FIELD] != ""))
			.orderby(table.name)
			.limit(chunk)
			.run()
		)
		if not rows:
			return done
		last = rows[-1][0]
		updates = {name: {ID_FIELD: None, HASH_FIELD: None} for name, value in rows if not value.strip()}
		sealed = {name: seal(value) for name, value in rows if value.strip() and not is_mask(value.strip())}
		store_ciphertexts(doctype, [(name, ciphertext) for name, (_m, ciphertext, _h) in sealed.items()])
		updates.update({name: {ID_FIELD: mask, HASH_FIELD: h} for name, (mask, _c, h) in sealed.items()})
		frappe.db.bulk_update(doctype, updates, chunk_size=500, update_modified=False)
		done += len(sealed)
