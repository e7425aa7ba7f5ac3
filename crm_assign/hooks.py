app_name = "crm_assign"
app_title = "CRM Assign"
app_publisher = "crm_assign developers"
app_description = (
	"Customer assignment (分客制): fair, explainable allocation of customers to account managers"
)
app_email = "dev@crm-assign.invalid"
app_license = "MIT"

export_python_type_annotations = True

after_install = "crm_assign.setup.install.after_install"
after_migrate = "crm_assign.setup.install.after_migrate"

# Record-level access (crm_assign/permissions): rows by owner / team / department, permlevel fields guarded.
_GUARDED_DOCTYPES = (
	"Managed Customer",
	"Account Manager",
	"Customer Visit",
	"Customer Complaint",
	"Customer Transaction",
	"Admission Application",
	"Ownership Log",
	"Development Quota",
	"Allocation Plan",
)
_GUARDED_CHILD_TABLES = (
	"Managed Customer Skill",
	"Account Manager Skill",
	"Account Manager Region",
	"Account Manager Leave",
	"Visit Follow Up",
	"Admission Criterion",
	"Allocation Plan Item",
)
permission_query_conditions = {
	doctype: "crm_assign.permissions.access.query_conditions"
	for doctype in (*_GUARDED_DOCTYPES, *_GUARDED_CHILD_TABLES, "Tag Link")
}
has_permission = {
	doctype: "crm_assign.permissions.access.has_permission" for doctype in (*_GUARDED_DOCTYPES, "Tag Link")
}
# end: record-level access
