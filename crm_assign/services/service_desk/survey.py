"""Satisfaction surveys: a signed link after a visit is completed or a complaint resolved; answers land on the record.

The link opens the public Web Form ``/customer-satisfaction`` (no login); the token in it names the record and
expires after ``LINK_DAYS``. A record takes one answer: its rating becomes the record's ``satisfaction``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import quote

import frappe
from frappe import _
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.utils import get_url, now_datetime
from frappe.utils.password import get_encryption_key

from crm_assign.core.survey_token import SurveyTokenExpired, SurveyTokenInvalid, make_token, read_token
from crm_assign.exceptions import SurveyTokenError

LINK_DAYS = 30
SURVEYED_DOCTYPES = ("Customer Visit", "Customer Complaint")
WEB_FORM_ROUTE = "customer-satisfaction"


@dataclass(frozen=True)
class SurveyTarget:
	doctype: str
	name: str
	customer: str
	customer_name: str | None


def survey_link(doctype: str, name: str) -> str:
	token = make_token(get_encryption_key(), doctype, name, int(time.time()) + LINK_DAYS * 86_400)
	return get_url(f"/{WEB_FORM_ROUTE}/new?token={quote(token)}")


def survey_target(token: str | None) -> SurveyTarget:
	"""The record a token points to; refuses forged, expired and already answered links."""
	try:
		doctype, name = read_token(get_encryption_key(), token or "", time.time())
	except SurveyTokenExpired:
		frappe.throw(_("This survey link has expired."), SurveyTokenError)
	except SurveyTokenInvalid:
		frappe.throw(_("This survey link is not valid."), SurveyTokenError)
	if doctype not in SURVEYED_DOCTYPES:
		frappe.throw(_("This survey link is not valid."), SurveyTokenError)
	values = frappe.db.get_value(
		doctype, name, ["customer", "customer_name", "survey_submitted_on"], as_dict=True
	)
	if not values:
		frappe.throw(_("This survey link is not valid."), SurveyTokenError)
	if values.survey_submitted_on:
		frappe.throw(_("This survey has already been answered. Thank you!"), SurveyTokenError)
	return SurveyTarget(doctype, name, values.customer, values.customer_name)


def validate_rating(rating) -> None:
	if not rating or not 0 < float(rating) <= 1:
		frappe.throw(_("Please choose from 1 to 5 stars."), SurveyTokenError)


def record_answer(answer) -> None:
	"""Copy the rating and comment onto the rated record (without re-validating it: it may be closed)."""
	frappe.db.set_value(
		answer.reference_doctype,
		answer.reference_name,
		{
			"satisfaction": answer.rating,
			"survey_comment": answer.comment,
			"survey_submitted_on": answer.submitted_on or now_datetime(),
		},
	)


def send_survey(doc) -> str:
	"""Store the survey link on the record and e-mail it to the customer when an address is known."""
	link = survey_link(doc.doctype, doc.name)
	doc.db_set("survey_link", link, update_modified=False)
	email = frappe.db.get_value("Managed Customer", doc.customer, "email_id")
	if email and EmailAccount.find_default_outgoing():  # without an outgoing account staff pass the link on
		frappe.sendmail(
			recipients=[email],
			subject=_("How satisfied are you with our service?"),
			message=_("Please rate our service from 1 to 5 stars: {0}").format(
				f'<a href="{link}">{link}</a>'
			),
			reference_doctype=doc.doctype,
			reference_name=doc.name,
		)
	return link
