import frappe
from frappe import _

from crm_assign.tests import FrappeTestCase
from crm_assign.tests.utils import make_user


class TestTranslations(FrappeTestCase):
	def test_zh_user_sees_chinese_labels_options_and_messages(self):
		user = make_user("zh-reader", roles=("Account Manager",), language="zh")
		self.assertEqual(frappe.db.get_value("User", user, "language"), "zh")
		frappe.set_user(user)
		try:
			lang = frappe.translate.get_user_lang(user)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(lang, "zh")
		self.assertEqual(_("Account Manager", lang=lang), "客户经理")
		self.assertEqual(_("Customer Assignment", lang=lang), "分客管理")
		self.assertEqual(_("Dormant", lang=lang), "休眠")
		self.assertEqual(_("Capacity cannot be negative.", lang=lang), "容量不能为负数。")

	def test_every_label_and_option_of_the_app_has_a_chinese_translation(self):
		from frappe.translate import get_translations_from_apps

		translations = get_translations_from_apps("zh", ["crm_assign"])
		missing = []
		for doctype in frappe.get_all("DocType", filters={"module": ("in", MODULES)}, pluck="name"):
			meta = frappe.get_meta(doctype)
			sources = [doctype] + [df.label for df in meta.fields if df.label]
			sources += [
				option
				for df in meta.fields
				if df.fieldtype == "Select" and df.options and ".YYYY." not in df.options
				for option in df.options.split("\n")
				if len(option) > 1  # grades A, B, C are the same in every language
			]
			missing += [s for s in sources if s not in translations]
		self.assertEqual(sorted(set(missing)), [])


MODULES = ["Customer Assignment", "Customer Service", "Customer Lifecycle"]
