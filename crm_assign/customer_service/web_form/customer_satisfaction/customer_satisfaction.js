frappe.ready(function () {
	const token = new URLSearchParams(window.location.search).get("token") || "";
	frappe.web_form.after_load = () => frappe.web_form.set_value("token", token);
});
