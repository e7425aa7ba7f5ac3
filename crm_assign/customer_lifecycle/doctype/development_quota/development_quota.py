# Copyright (c) 2026, crm_assign developers
# License: MIT. See LICENSE

from frappe.model.document import Document
from frappe.utils import get_first_day

# New customers required per person per month, by department (the development rules' defaults).
DEFAULT_QUOTAS = {"Channel Sales": 3, "Expansion Sales": 3, "E-commerce": 10, "Terminal": 1}


class DevelopmentQuota(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link
		account_manager_name: DF.Data | None
		department_type: DF.Literal["Channel Sales", "Expansion Sales", "E-commerce", "Terminal"]
		month: DF.Date
		quota: DF.Int

	# end: auto-generated types
	def before_insert(self):
		self.normalise_month()

	def validate(self):
		self.normalise_month()
		self.set_default_quota()

	def normalise_month(self):
		if self.month:
			self.month = get_first_day(self.month)

	def set_default_quota(self):
		if not self.quota and self.is_new() and self.department_type:
			self.quota = DEFAULT_QUOTAS.get(self.department_type)
