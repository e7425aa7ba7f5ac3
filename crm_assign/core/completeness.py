"""Data completeness of a customer profile: the share of key fields that hold a value, the contact having
been verified counting as one of them (the issue's "required fields filled, contact verified")."""

from collections.abc import Mapping, Sequence

CUSTOMER_PROFILE_FIELDS = (
	"customer_name",
	"customer_type",
	"industry",
	"service_region",
	"contact_person",
	"mobile_no",
	"email_id",
	"address",
	"id_number",
	"source_channel",
	"expected_annual_value",
	"required_skills",
	"contact_verified",  # a Check: counts once someone has confirmed the contact details with the customer
)


def is_filled(value) -> bool:
	if value is None:
		return False
	if isinstance(value, str):
		return bool(value.strip())
	if isinstance(value, list | tuple | set | dict):
		return len(value) > 0
	if isinstance(value, int | float):
		return value != 0
	return True


def completeness_percent(values: Mapping, fields: Sequence[str] = CUSTOMER_PROFILE_FIELDS) -> float:
	"""Percentage (0–100, one decimal) of `fields` that are filled in `values`."""
	if not fields:
		return 100.0
	filled = sum(1 for field in fields if is_filled(values.get(field)))
	return round(100.0 * filled / len(fields), 1)
