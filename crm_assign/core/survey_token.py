"""Signed, expiring survey tokens: ``base64url(payload).base64url(HMAC-SHA256(secret, payload))``.

The payload names the record being rated (doctype, name) and the expiry (Unix seconds). Anyone holding the
link may answer the survey once; nobody can forge a link to another record without the site's secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json


class SurveyTokenInvalid(ValueError):
	"""The token is malformed or its signature does not match."""


class SurveyTokenExpired(ValueError):
	"""The token was valid but its expiry has passed."""


def _b64(data: bytes) -> str:
	return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
	return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str | bytes, payload: str) -> str:
	key = secret.encode() if isinstance(secret, str) else secret
	return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def make_token(secret: str | bytes, doctype: str, name: str, expires_at: int) -> str:
	if not secret:
		raise ValueError("a survey token needs a secret")
	payload = _b64(json.dumps([doctype, name, int(expires_at)], separators=(",", ":")).encode())
	return f"{payload}.{_signature(secret, payload)}"


def read_token(secret: str | bytes, token: str, now: float) -> tuple[str, str]:
	"""``(doctype, name)`` of a genuine, unexpired token; raises SurveyTokenInvalid / SurveyTokenExpired."""
	try:
		payload, signature = (token or "").split(".")
	except ValueError:
		raise SurveyTokenInvalid("malformed survey token") from None
	if not hmac.compare_digest(signature, _signature(secret, payload)):
		raise SurveyTokenInvalid("survey token signature does not match")
	try:
		doctype, name, expires_at = json.loads(_unb64(payload))
	except (ValueError, TypeError):
		raise SurveyTokenInvalid("malformed survey token payload") from None
	if now > expires_at:
		raise SurveyTokenExpired("survey token has expired")
	return doctype, name
