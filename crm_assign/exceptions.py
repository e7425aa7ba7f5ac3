"""Domain errors: small subclasses of frappe.ValidationError so callers and tests can tell them apart."""

import frappe


class CapacityError(frappe.ValidationError):
	pass


class InactiveManagerError(frappe.ValidationError):
	pass


class LeavePeriodError(frappe.ValidationError):
	pass


class DuplicateRowError(frappe.ValidationError):
	pass


class AppendOnlyError(frappe.ValidationError):
	pass


class VisitTimeError(frappe.ValidationError):
	pass


class ComplaintClosingError(frappe.ValidationError):
	pass


class TransactionAmountError(frappe.ValidationError):
	pass


class SettingsError(frappe.ValidationError):
	pass


class PlanStateError(frappe.ValidationError):
	pass


class SelfApprovalError(frappe.PermissionError):
	pass


class LifecycleError(frappe.ValidationError):
	pass


class LockedPeriodError(frappe.ValidationError):
	pass


class BlacklistedCustomerError(frappe.ValidationError):
	pass


class DuplicateCustomerError(frappe.ValidationError):
	pass


class AdmissionError(frappe.ValidationError):
	pass


class DiscountError(frappe.ValidationError):
	pass


class IncentiveError(frappe.ValidationError):
	pass


class GradingError(frappe.ValidationError):
	pass


class VisitConflictError(frappe.ValidationError):
	pass


class CustomerStatusError(frappe.ValidationError):
	pass


class SlaPolicyMissingError(frappe.ValidationError):
	pass


class SurveyTokenError(frappe.ValidationError):
	pass


class AgreementDateError(frappe.ValidationError):
	pass
