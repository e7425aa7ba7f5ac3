# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document


class AdmissionCriterion(Document):
	pass
