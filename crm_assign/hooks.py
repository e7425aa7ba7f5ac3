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
