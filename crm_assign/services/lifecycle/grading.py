"""Nightly grading: figures of the last twelve months for every customer, the active rule, one log row each.

Reads in four queries (transaction figures grouped by customer, customers, admitted customers, managers'
levels), proposes grades in the pure core, writes changed grades with one UPDATE per grade and chunk,
logs each change in Grade Review (multi-row INSERT) and sends each owner one notification.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, now_datetime, nowdate

from crm_assign.core.batching import chunks
from crm_assign.core.grading import CustomerFigures, GradingRule, GradingRuleError, propose_grade
from crm_assign.core.lifecycle import rolling_12m_start
from crm_assign.exceptions import GradingError
from crm_assign.utils.bulk import executemany, insert_log_rows

CHUNK = 10_000


def rule_from_doc(doc) -> GradingRule:
	try:
		return GradingRule(
			a_min_revenue=Decimal(str(doc.a_min_revenue or 0)),
			a_min_purchases=doc.a_min_purchases or 0,
			b_min_revenue=Decimal(str(doc.b_min_revenue or 0)),
			b_min_purchases=doc.b_min_purchases or 0,
			strategic_is_a=bool(doc.strategic_is_a),
			admitted_is_a=bool(doc.admitted_is_a),
			late_payment_max_grade=doc.late_payment_max_grade or "B",
			bad_payment_max_grade=doc.bad_payment_max_grade or "C",
		)
	except GradingRuleError as error:
		frappe.throw(_("Invalid grading rule: {0}").format(str(error)), GradingError)


def active_rule():
	name = frappe.db.get_value("Customer Grading Rule", {"is_active": 1}, "name", order_by="modified desc")
	return frappe.get_doc("Customer Grading Rule", name) if name else None


def transaction_figures(today: date, customers: list[str] | None = None) -> dict[str, tuple]:
	"""{customer: (net revenue, number of sales)} over the rolling twelve months, one grouped query."""
	txn = frappe.qb.DocType("Customer Transaction")
	signed = Case().when(txn.transaction_type == "Return", -txn.amount).else_(txn.amount)
	query = (
		frappe.qb.from_(txn)
		.select(txn.customer, Sum(signed), Count(Case().when(txn.transaction_type == "Sale", 1)))
		.where(txn.docstatus == 1)
		.where(txn.transaction_date[rolling_12m_start(today) : today])
		.groupby(txn.customer)
	)
	if customers is not None:
		query = query.where(txn.customer.isin(customers or [""]))
	rows = query.run()
	return {customer: (Decimal(str(net or 0)), sales or 0) for customer, net, sales in rows}


def admitted_customers() -> set[str]:
	application = frappe.qb.DocType("Admission Application")
	return set(
		frappe.qb.from_(application)
		.select(application.customer)
		.distinct()
		.where(application.docstatus == 1)
		.where(application.status == "Approved")
		.run(pluck=True)
	)


def grade_customers(today: date | None = None) -> dict:
	"""Propose a grade for every active or dormant customer; apply and log the changes."""
	today = getdate(today or nowdate())
	rule_doc = active_rule()
	if not rule_doc:
		return {"skipped": "no active Customer Grading Rule"}
	rule = rule_from_doc(rule_doc)
	figures = transaction_figures(today)
	admitted = admitted_customers()
	levels = dict(frappe.get_all("Account Manager", fields=["name", "level"], as_list=True))
	customer = frappe.qb.DocType("Managed Customer")
	customers = (
		frappe.qb.from_(customer)
		.select(
			customer.name,
			customer.customer_name,
			customer.grade,
			customer.is_strategic,
			customer.payment_behaviour,
			customer.account_manager,
		)
		.where(customer.status.isin(["Active", "Dormant"]))
		.run()
	)
	changes = []
	for name, customer_name, grade, strategic, payment, owner in customers:
		revenue, purchases = figures.get(name, (Decimal(0), 0))
		facts = CustomerFigures(revenue, purchases, bool(strategic), payment or "Good", name in admitted)
		new_grade = propose_grade(facts, rule)
		if new_grade != grade:
			changes.append((name, customer_name, owner, grade, new_grade, facts))
	apply_grade_changes(changes, rule_doc.name, levels, "Nightly Job")
	if rule_doc.notify_owners:
		notify_owners(changes)
	upgraded = sum(1 for c in changes if c[4] < c[3])
	return {
		"customers": len(customers),
		"changed": len(changes),
		"upgraded": upgraded,
		"downgraded": len(changes) - upgraded,
		"rule": rule_doc.name,
	}


def propose_for_team(team: str, today: date | None = None) -> tuple[str | None, list[dict]]:
	"""(rule, rows) for a periodic review: every active/dormant customer of the team and its sub-teams with
	its current grade, the grade the active rule proposes and the figures behind it."""
	today = getdate(today or nowdate())
	rule_doc = active_rule()
	if not rule_doc:
		frappe.throw(_("Activate a Customer Grading Rule first."), GradingError)
	rule = rule_from_doc(rule_doc)
	lft, rgt = frappe.db.get_value("Service Team", team, ["lft", "rgt"])
	teams = frappe.get_all("Service Team", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")
	customer = frappe.qb.DocType("Managed Customer")
	customers = (
		frappe.qb.from_(customer)
		.select(customer.name, customer.grade, customer.is_strategic, customer.payment_behaviour)
		.where(customer.service_team.isin(teams))
		.where(customer.status.isin(["Active", "Dormant"]))
		.orderby(customer.name)
		.run(as_dict=True)
	)
	names = [c.name for c in customers]
	figures = transaction_figures(today, names)
	admitted = admitted_customers() & set(names)
	rows = []
	for c in customers:
		revenue, purchases = figures.get(c.name, (Decimal(0), 0))
		facts = CustomerFigures(
			revenue, purchases, bool(c.is_strategic), c.payment_behaviour or "Good", c.name in admitted
		)
		proposed = propose_grade(facts, rule)
		rows.append(
			{
				"customer": c.name,
				"current_grade": c.grade,
				"proposed_grade": proposed,
				"confirmed_grade": proposed,
				"revenue_12m": revenue,
				"purchases_12m": purchases,
			}
		)
	return rule_doc.name, rows


def apply_review_round(round_doc) -> int:
	"""Apply the confirmed grades of a submitted review round; log each change with its reason."""
	current = dict(
		frappe.get_all(
			"Managed Customer",
			filters={"name": ("in", [row.customer for row in round_doc.items] or [""])},
			fields=["name", "grade"],
			as_list=True,
		)
	)
	info = {
		row.name: row
		for row in frappe.get_all(
			"Managed Customer",
			filters={"name": ("in", list(current) or [""])},
			fields=["name", "customer_name", "account_manager", "is_strategic", "payment_behaviour"],
		)
	}
	levels = dict(frappe.get_all("Account Manager", fields=["name", "level"], as_list=True))
	changes, reasons = [], {}
	for row in round_doc.items:
		old = current.get(row.customer)
		if old and old != row.confirmed_grade:
			c = info[row.customer]
			facts = CustomerFigures(
				Decimal(str(row.revenue_12m or 0)),
				row.purchases_12m or 0,
				bool(c.is_strategic),
				c.payment_behaviour or "Good",
			)
			changes.append(
				(row.customer, c.customer_name, c.account_manager, old, row.confirmed_grade, facts)
			)
			reasons[row.customer] = row.override_reason or _("Confirmed in review {0}").format(round_doc.name)
	for change in changes:  # one reason per row: log the rows one change at a time
		apply_grade_changes([change], round_doc.grading_rule, levels, "Quarterly Review", reasons[change[0]])
	return len(changes)


def apply_grade_changes(changes: list, rule: str | None, levels: dict, source: str, reason=None) -> None:
	customer = frappe.qb.DocType("Managed Customer")
	by_grade = defaultdict(list)
	for name, _name, _owner, _old, new_grade, _facts in changes:
		by_grade[new_grade].append(name)
	for grade, names in by_grade.items():
		for chunk in chunks(names, CHUNK):
			frappe.qb.update(customer).set(customer.grade, grade).where(customer.name.isin(chunk)).run()
	now, user = now_datetime(), frappe.session.user
	insert_log_rows(
		"Grade Review",
		[
			"customer",
			"customer_name",
			"account_manager",
			"old_grade",
			"new_grade",
			"source",
			"revenue_12m",
			"purchases_12m",
			"is_strategic",
			"payment_behaviour",
			"grading_rule",
			"needs_senior_owner",
			"reviewed_at",
			"reviewed_by",
			"reason",
		],
		[
			(
				name,
				customer_name,
				owner,
				old,
				new,
				source,
				facts.revenue_12m,
				facts.purchases_12m,
				int(facts.is_strategic),
				facts.payment_behaviour,
				rule,
				int(new == "A" and bool(owner) and levels.get(owner) == "Junior"),
				now,
				user,
				reason,
			)
			for name, customer_name, owner, old, new, facts in changes
		],
	)


def notify_owners(changes: list) -> None:
	"""One bell notification per owner whose customers changed grade, written in one multi-row INSERT.

	Owners who switched notifications off (Notification Settings) are skipped, as Frappe would; no e-mail
	is sent for these alerts.
	"""
	by_owner = defaultdict(list)
	for name, customer_name, owner, old, new, _facts in changes:
		if owner:
			by_owner[owner].append(f"{customer_name} ({name}): {old} → {new}")
	muted = set(frappe.get_all("Notification Settings", filters={"enabled": 0}, pluck="name"))
	owners = [owner for owner in sorted(by_owner) if owner not in muted]
	if not owners:
		return
	now, user = now_datetime(), frappe.session.user
	rows = [
		(
			frappe.generate_hash(length=10),
			now,
			now,
			user,
			user,
			0,
			owner,
			user,
			"Alert",
			"Grade Review",
			_("{0} of your customers changed grade").format(len(by_owner[owner])),
			"<br>".join(by_owner[owner][:50]),
			0,
		)
		for owner in owners
	]
	columns = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"for_user",
		"from_user",
		"type",
		"document_type",
		"subject",
		"email_content",
		"read",
	]
	sql = "INSERT INTO `tabNotification Log` ({}) VALUES ({})".format(
		", ".join(f"`{c}`" for c in columns), ", ".join(["%s"] * len(columns))
	)
	for chunk in chunks(rows, CHUNK):
		executemany(sql, chunk)
	settings = frappe.qb.DocType("Notification Settings")
	frappe.qb.update(settings).set(settings.seen, 0).where(settings.name.isin(owners)).run()  # the bell
	for owner in owners:
		frappe.publish_realtime("notification", after_commit=True, user=owner)
