"""Drive Desk as a person does, for the persona journeys: fill a form's fields, save, run a workflow action,
read what Desk said. Selectors are Frappe v15's; values typed in the site's formats (yyyy-mm-dd, HH:mm:ss).
"""

# frappe.throw and frappe.msgprint draw into `.msgprint` of frappe.msg_dialog (wide messages lose msgprint-dialog)
ERROR_DIALOG = ".modal.show:has(.msgprint)"


class DeskRefused(AssertionError):
	"""Desk answered a person's action with an error dialog (its text is the message)."""


def wait_for_form(page, timeout: int = 30_000) -> None:
	"""Until the form of the current route is drawn and its document loaded."""
	page.wait_for_function(
		"""() => window.cur_frm && cur_frm.doc && cur_frm.layout && cur_frm.page.wrapper.is(':visible')
			&& (cur_frm.is_new() || cur_frm.doc.__last_sync_on || cur_frm.doc.modified)""",
		timeout=timeout,
	)
	page.wait_for_load_state("networkidle")


def open_form(page, route: str) -> None:
	page.goto(f"/app/{route}")
	wait_for_form(page)


def field(page, fieldname: str):
	return page.locator(f".form-layout .frappe-control[data-fieldname='{fieldname}']:visible").first


def fill(page, fieldname: str, value: str, pick: str | None = None) -> None:
	"""Type `value` into a field as a person would; for a Link, choose the suggestion showing `pick` (or the
	first one)."""
	control = field(page, fieldname)
	kind = control.get_attribute("data-fieldtype")
	if kind == "Select":
		control.locator("select").select_option(value=value)
	elif kind == "Text Editor":
		control.locator(".ql-editor:visible").first.fill(value)  # a re-rendered editor may leave its old one
	elif kind in ("Small Text", "Text", "Long Text"):
		control.locator("textarea").fill(value)
	elif kind == "Rating":
		control.locator(f"svg[data-rating='{value}']").first.click()
	elif kind == "Link":
		box = control.locator("input")
		box.click()
		box.press_sequentially(value, delay=20)
		option = page.locator(
			".awesomplete ul[role=listbox]:visible [role=option]", has_text=pick or value
		).first
		try:
			option.wait_for(timeout=15_000)
		except Exception as missing:
			offered = page.locator(".awesomplete ul[role=listbox]").evaluate_all(
				"lists => lists.map((l) => l.innerText).join(' | ')"
			)
			raise AssertionError(
				f"{fieldname}: no suggestion {pick or value!r}; offered: {offered!r}"
			) from missing
		option.click()
	else:
		box = control.locator("input").first
		box.fill(value)
		if kind in ("Date", "Datetime", "Time"):
			page.keyboard.press("Escape")  # close the date picker
		box.blur()
	page.wait_for_timeout(300)  # the field's change handler


def value_of(page, fieldname: str):
	return page.evaluate(f"() => cur_frm.doc['{fieldname}']")


def shown_value(page, fieldname: str) -> str:
	"""What the field shows: for a link, its title (the manager's name) where Desk has it."""
	control = page.locator(f".form-layout .frappe-control[data-fieldname='{fieldname}']:visible").first
	control.locator("input").first.wait_for()
	page.wait_for_timeout(300)  # a link's title arrives after the value
	return control.locator("input").first.input_value()


def error_text(page) -> str | None:
	dialog = page.locator(ERROR_DIALOG)
	if not dialog.count():
		return None
	return dialog.first.locator(".msgprint").inner_text().strip()


def shown(page) -> str:
	"""What a person sees that may explain a stuck step: open dialogs, alerts, the form's indicator; and a
	screenshot at /tmp/crm-assign-desk-failure.png."""
	page.screenshot(path="/tmp/crm-assign-desk-failure.png")
	return page.evaluate(
		"""() => [...document.querySelectorAll('.modal.show, .desk-alert, .page-head .indicator-pill')]
			.map((el) => el.innerText.trim().replace(/\\s+/g, ' ')).filter(Boolean).join(' | ')"""
	)


def close_dialog(page) -> None:
	page.locator(".modal.show .btn-modal-close").first.click()
	page.wait_for_timeout(300)


def expect_no_error(page, what: str) -> None:
	page.wait_for_timeout(500)  # a refusal arrives as a dialog after the request
	text = error_text(page)
	if text:
		raise DeskRefused(f"{what}: {text}")


def save(page, what: str = "save") -> str:
	"""Click Save (保存), as a person saves; returns the saved document's name or raises DeskRefused with Desk's
	message."""
	before = page.evaluate("() => cur_frm.doc.modified || ''")
	page.locator(".page-head .page-actions .primary-action:visible").first.click()
	try:
		page.wait_for_function(
			f"""() => document.querySelector('{ERROR_DIALOG}')
				|| (cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty()
					&& (cur_frm.doc.modified || '') !== {before!r} && !document.querySelector('#freeze.in'))""",
			timeout=30_000,
		)
	except Exception as timeout:
		raise AssertionError(f"{what}: Desk did not save; the page shows: {shown(page)}") from timeout
	expect_no_error(page, what)
	return page.evaluate("() => cur_frm.doc.name")


def try_save(page) -> str | None:
	"""Save and return Desk's refusal (the dialog closed again), or None when it saved."""
	try:
		save(page)
	except DeskRefused as refused:
		close_dialog(page)
		return str(refused)
	return None


def workflow_action(page, action_label: str) -> None:
	"""Actions (操作) ▸ `action_label`, and confirm when Desk asks."""
	page.locator(".page-actions .actions-btn-group > button:visible").first.click()
	page.locator(".page-actions .dropdown-menu:visible .dropdown-item", has_text=action_label).first.click()
	confirm = page.locator(".modal.show .btn-primary:has-text('是')")
	page.wait_for_timeout(400)
	if confirm.count():
		confirm.first.click()
	page.wait_for_load_state("networkidle")
	expect_no_error(page, action_label)
	wait_for_form(page)


def custom_button(page, label: str) -> None:
	buttons = ".page-actions .custom-actions button:visible, .page-actions .inner-group-button:visible"
	page.locator(buttons, has_text=label).first.click()


def indicator(page) -> str:
	return page.locator(".page-head .indicator-pill:visible").first.inner_text().strip()


def edits_offered(page) -> list[str]:
	"""What the open form offers to change: Save, workflow Actions, custom buttons, editable fields."""
	return page.evaluate(
		"""() => {
			const visible = (el) => el.offsetParent !== null;
			const offered = [];
			if ([...document.querySelectorAll('.page-head .primary-action')].some(visible)) offered.push('save');
			if ([...document.querySelectorAll('.page-head .actions-btn-group')].some(visible)) offered.push('actions');
			document.querySelectorAll('.page-head .custom-actions button, .page-head .inner-group-button button')
				.forEach((b) => visible(b) && offered.push('button ' + b.innerText.trim()));
			document.querySelectorAll('.form-layout .frappe-control[data-fieldtype=Table]').forEach((table) => {
				const adds = table.querySelectorAll('.grid-add-row, .grid-add-multiple-rows, .grid-remove-rows');
				if ([...adds].some(visible)) offered.push('table ' + table.dataset.fieldname);
			});
			document.querySelectorAll('.form-layout .frappe-control:not([data-fieldtype=Table])').forEach((control) => {
				if (control.closest('.form-grid')) return;  // a child row's cells: the table's buttons say it
				const input = control.querySelector('input:not([type=checkbox]), textarea, select, .ql-editor[contenteditable=true]');
				if (input && visible(input) && !input.disabled && !input.readOnly) {
					offered.push('field ' + control.dataset.fieldname);
				}
			});
			return offered;
		}"""
	)
