"""Customer identifiers (registration/ID numbers, phone numbers): their normal form and keyed hash.

`normalise` keeps letters and digits only, upper case, without a leading +86/0086, so "+86 138-0013-8000" and
"13800138000" are the same phone and "91440300ma5b 1x" the same registration number as "91440300MA5B1X".

ID numbers are stored encrypted (random IV: equal numbers give different ciphertexts), so they are matched by
`keyed_hash`: HMAC-SHA256 of the normal form under a key derived from a site secret. The hash reveals
nothing without the key, and a key per purpose (`derive_key`) keeps it apart from other uses of the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import re

# where an ID number lives: a Password field (ciphertext in __Auth) beside the indexed field of its keyed hash
ID_FIELD = "id_number"
HASH_FIELD = "id_number_hash"
ENCRYPTED_DOCTYPES = ("Managed Customer", "Customer Blacklist")

_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Za-z]")


def normalise(value: str | None) -> str:
	"""Idempotent (normalise(normalise(x)) == normalise(x)), so a stored normal form hashes like the raw one."""
	cleaned = _NOT_ALPHANUMERIC.sub("", value or "").upper()
	while True:
		if cleaned.startswith("0086"):
			stripped = cleaned[4:]
		elif cleaned.startswith("86") and len(cleaned) == 13:
			stripped = cleaned[2:]
		else:
			return cleaned
		cleaned = stripped


def derive_key(secret: str, purpose: str) -> bytes:
	"""A key for one purpose from a site secret (HMAC-SHA256(secret, purpose))."""
	return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()


def keyed_hash(value: str | None, key: bytes) -> str | None:
	"""Hex HMAC-SHA256 of the normal form of `value`; None when nothing of it is left to match on."""
	normal = normalise(value)
	if not normal:
		return None
	return hmac.new(key, normal.encode(), hashlib.sha256).hexdigest()


def masked(value: str | None, visible: int = 4) -> str:
	"""`value` with all but its last `visible` characters as asterisks (for messages that are logged)."""
	value = (value or "").strip()
	if len(value) <= visible:
		return "*" * len(value)
	return "*" * (len(value) - visible) + value[-visible:]
