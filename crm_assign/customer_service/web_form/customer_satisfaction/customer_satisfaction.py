import frappe

from crm_assign.services.service_desk.survey import survey_target


def get_context(context):
	"""Refuse a missing, forged, expired or already answered link before the form is shown."""
	context.survey = survey_target(frappe.form_dict.get("token"))
