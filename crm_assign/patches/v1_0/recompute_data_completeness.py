"""A verified contact now counts towards data completeness: recompute every customer's stored figure."""

from crm_assign.services.lifecycle.completeness import refresh_data_completeness


def execute():
	refresh_data_completeness()
