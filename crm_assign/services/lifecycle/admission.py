"""Admission of a big customer: on approval it becomes a key customer (grade A) with a customer code."""

import frappe
from frappe import _
from frappe.model.naming import make_autoname
from frappe.utils import now_datetime

from crm_assign.services.lifecycle.stages import lifecycle_settings


def admit_customer(application) -> None:
	customer = frappe.db.get_value(
		"Managed Customer",
		application.customer,
		[
			"name",
			"customer_name",
			"grade",
			"customer_code",
			"account_manager",
			"is_strategic",
			"payment_behaviour",
		],
		as_dict=True,
	)
	code = customer.customer_code or make_autoname(
		lifecycle_settings().key_customer_code_series or "KA-.#####"
	)
	frappe.db.set_value("Managed Customer", customer.name, {"grade": "A", "customer_code": code})
	application.db_set("customer_code", code)
	if customer.grade != "A":
		review = frappe.get_doc(
			{
				"doctype": "Grade Review",
				"customer": customer.name,
				"account_manager": customer.account_manager,
				"old_grade": customer.grade,
				"new_grade": "A",
				"source": "Admission",
				"is_strategic": customer.is_strategic,
				"payment_behaviour": customer.payment_behaviour,
				"needs_senior_owner": int(
					bool(customer.account_manager)
					and frappe.db.get_value("Account Manager", customer.account_manager, "level") == "Junior"
				),
				"reviewed_at": now_datetime(),
				"reviewed_by": frappe.session.user,
				"reason": _("Admission Application {0} approved").format(application.name),
			}
		)
		review.flags.ignore_permissions = True
		review.insert()
