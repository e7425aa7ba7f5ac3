"""Bulk demo data: regions, skills, teams, users, account managers, customers, visits, complaints, sales.

Rows are generated in memory and written with `frappe.db.bulk_insert` in chunks (no per-row
`doc.insert()`), so 100k customers load in seconds. Demo rows are recognisable, so `--reset` removes
exactly them: documents are named `DEMO-…` and demo users have e-mail addresses at DEMO_EMAIL_DOMAIN.
"""

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.query_builder import Table
from frappe.utils import cint, now_datetime, update_progress_bar

from crm_assign.core.completeness import completeness_percent
from crm_assign.demo import reference_data as ref
from crm_assign.demo.masters import ensure_meeting_rooms, ensure_regions, ensure_skills, ensure_teams
from crm_assign.services.data_protection.id_numbers import sealer, store_ciphertexts
from crm_assign.utils.bulk import executemany

DEMO_PREFIX = "DEMO-"
DEMO_EMAIL_DOMAIN = "demo.crm-assign.example"
CHUNK = 10_000
# one user per staff role besides the managers and team leaders, for trying each role's Desk
PERSONAS = {
	"receptionist": "Receptionist",
	"approver": "Allocation Approver",
	"customer-manager": "Customer Manager",
	"auditor": "Customer Auditor",
	"general-manager": "General Manager",
}


@dataclass(frozen=True)
class DemoSize:
	customers: int = 1000
	managers: int = 50
	visits: int | None = None
	transactions: int | None = None
	complaints: int | None = None
	seed: int = 42

	def resolved(self) -> "DemoSize":
		return DemoSize(
			customers=self.customers,
			managers=self.managers,
			visits=self.customers * 2 if self.visits is None else self.visits,
			transactions=self.customers * 2 if self.transactions is None else self.transactions,
			complaints=self.customers // 10 if self.complaints is None else self.complaints,
			seed=self.seed,
		)


def make_demo(
	size: DemoSize, reset: bool = False, show_progress: bool = True, password: str | None = None
) -> dict:
	"""Create demo data of `size`; return the row counts and seconds per step. With `password`, every demo
	user can log in with it."""
	size = size.resolved()
	if size.customers < 0 or size.managers < 1:
		frappe.throw(_("The demo needs at least one manager and a non-negative number of customers."))
	report = {}
	if demo_exists():
		if not reset:
			frappe.throw(_("Demo data already exists; run again with --reset to replace it."))
		started = time.perf_counter()
		remove_demo()
		report["reset (earlier demo removed)"] = {
			"rows": 0,
			"seconds": round(time.perf_counter() - started, 2),
		}
	rng = random.Random(size.seed)
	demo = DemoWriter(rng, show_progress, planned_customers=size.customers)
	steps = [
		("masters", demo.write_masters, size.managers),
		("users", demo.write_users, size.managers),
		("account managers", demo.write_managers, size.managers),
		("customers", demo.write_customers, size.customers),
		("visits", demo.write_visits, size.visits),
		("transactions", demo.write_transactions, size.transactions),
		("complaints", demo.write_complaints, size.complaints),
	]
	for label, step, count in steps:
		started = time.perf_counter()
		step(count)
		frappe.db.commit()  # each table is whole before the next starts; --reset removes a partial run
		report[label] = {"rows": count, "seconds": round(time.perf_counter() - started, 2)}
	demo.refresh_loads()
	if password:
		set_demo_passwords(password)
	frappe.db.commit()
	return report


def set_demo_passwords(password: str) -> int:
	"""Give every demo user `password` (hashed once, written in bulk); returns how many."""
	from frappe.utils.password import passlibctx

	users = frappe.get_all("User", filters={"name": ("like", f"%@{DEMO_EMAIL_DOMAIN}")}, pluck="name")
	auth = Table("__Auth")
	frappe.qb.from_(auth).delete().where(auth.doctype == "User").where(auth.name.isin(users)).run()
	hashed = passlibctx.hash(password)
	for start in range(0, len(users), CHUNK):
		frappe.db.bulk_insert(
			"__Auth",
			["doctype", "name", "fieldname", "password", "encrypted"],
			[("User", user, "password", hashed, 0) for user in users[start : start + CHUNK]],
		)
	return len(users)


def complete_setup_wizard(language: str = "zh") -> bool:
	"""Run Frappe's setup wizard with China's defaults (Asia/Shanghai, CNY, `language`) unless it is done;
	until then every user but Administrator gets "not permitted" in Desk. True when it ran now."""
	if cint(frappe.db.get_single_value("System Settings", "setup_complete")):
		return False
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	language_name = frappe.db.get_value("Language", language, "language_name") or "English"
	setup_complete(
		{"language": language_name, "country": "China", "timezone": "Asia/Shanghai", "currency": "CNY"}
	)
	frappe.db.commit()
	return True


def demo_exists() -> bool:
	return bool(frappe.db.exists("Managed Customer", {"name": ("like", f"{DEMO_PREFIX}%")})) or bool(
		frappe.db.exists("User", {"name": ("like", f"%@{DEMO_EMAIL_DOMAIN}")})
	)


def remove_demo() -> None:
	"""Delete every demo row, children included (masters such as regions and skills are kept)."""
	named = [
		"Customer Visit",
		"Customer Complaint",
		"Customer Transaction",
		"Ownership Log",
		"Managed Customer Skill",
		"Managed Customer",
	]
	for doctype in named:
		table = frappe.qb.DocType(doctype)
		column = (
			table.customer
			if doctype == "Ownership Log"
			else table.parent
			if doctype.endswith("Skill")
			else table.name
		)
		frappe.qb.from_(table).delete().where(column.like(f"{DEMO_PREFIX}%")).run()
	auth = Table("__Auth")  # the customers' encrypted ID numbers
	frappe.qb.from_(auth).delete().where(auth.doctype == "Managed Customer").where(
		auth.name.like(f"{DEMO_PREFIX}%")
	).run()
	demo_users = f"%@{DEMO_EMAIL_DOMAIN}"
	for doctype in ("Account Manager Skill", "Account Manager Region", "Account Manager Leave", "Has Role"):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table.parent.like(demo_users)).run()
	for doctype in ("Account Manager", "Notification Settings", "User"):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table.name.like(demo_users)).run()
	frappe.qb.from_(auth).delete().where(auth.doctype == "User").where(auth.name.like(demo_users)).run()
	team = frappe.qb.DocType("Service Team")
	frappe.qb.update(team).set(team.team_leader, None).where(team.team_leader.like(demo_users)).run()
	frappe.db.commit()


def insert_rows(doctype: str, fields: list[str], rows: list[tuple]) -> None:
	"""Multi-row INSERT through the driver's executemany.

	`frappe.db.bulk_insert` renders every value through pypika, which took 60% of the demo's time at
	100k customers; pymysql's executemany batches the same rows into multi-row INSERTs at a third of it.
	"""
	columns = ", ".join(f"`{field}`" for field in fields)
	placeholders = ", ".join(["%s"] * len(fields))
	executemany(f"INSERT INTO `tab{doctype}` ({columns}) VALUES ({placeholders})", rows)


def _standard(name: str, stamp: datetime) -> tuple:
	return (name, stamp, stamp, "Administrator", "Administrator", 0)


STANDARD = ["name", "creation", "modified", "owner", "modified_by", "docstatus"]
CHILD = ["parent", "parenttype", "parentfield", "idx"]


class DemoWriter:
	def __init__(self, rng: random.Random, show_progress: bool, planned_customers: int):
		self.rng = rng
		self.planned_customers = planned_customers
		self.show_progress = show_progress
		self.now = now_datetime()
		# staff records are dated a month back: they were hired before the customers' recent history, and
		# Frappe throttles the creation of more than 60 users an hour, which fresh stamps would trip
		self.hired = self.now - timedelta(days=30)
		self.cities: list[str] = []
		self.skills: list[str] = list(ref.SKILLS)
		self.teams: list[str] = []
		self.managers: list[dict] = []
		self.customers: list[tuple[str, str, str | None]] = []  # (name, customer_name, account_manager)

	# ---- writing helpers ----
	def insert(self, doctype: str, fields: list[str], rows: Iterator[tuple], total: int) -> None:
		label = _("Creating {0}").format(_(doctype))
		batch: list[tuple] = []
		done = 0
		for row in rows:
			batch.append(row)
			if len(batch) == CHUNK:
				insert_rows(doctype, fields, batch)
				done += len(batch)
				batch = []
				self.progress(label, done, total)
		if batch:
			insert_rows(doctype, fields, batch)
			done += len(batch)
			self.progress(label, done, total)
		if self.show_progress and total:
			print()

	def progress(self, label: str, done: int, total: int) -> None:
		if self.show_progress and total:
			update_progress_bar(label, done - 1, total)

	def past(self, max_days: int) -> datetime:
		return self.now - timedelta(seconds=self.rng.randint(0, max_days * 86400))

	def mobile(self) -> str:
		return (
			self.rng.choice(("138", "139", "150", "186", "177", "135"))
			+ f"{self.rng.randint(0, 99_999_999):08d}"
		)

	# ---- steps ----
	def write_masters(self, managers: int) -> None:
		self.cities = ensure_regions()
		ensure_skills()
		ensure_meeting_rooms()
		self.team_count = max(1, managers // 20)

	def write_users(self, managers: int) -> None:
		from faker import Faker

		faker = Faker("zh_CN")
		faker.seed_instance(self.rng.randint(0, 2**31))
		self.people = [faker.name() for _ in range(max(200, managers // 2))]
		leaders = [f"demo-tl-{i:03d}@{DEMO_EMAIL_DOMAIN}" for i in range(1, self.team_count + 1)]
		members = [f"demo-am-{i:04d}@{DEMO_EMAIL_DOMAIN}" for i in range(1, managers + 1)]
		personas = [f"demo-{key}@{DEMO_EMAIL_DOMAIN}" for key in PERSONAS]
		self.user_names = {email: self.rng.choice(self.people) for email in leaders + members + personas}
		fields = [
			*STANDARD,
			"email",
			"first_name",
			"full_name",
			"enabled",
			"user_type",
			"language",
			"send_welcome_email",
		]
		rows = (
			(*_standard(email, self.hired), email, full, full, 1, "System User", "zh", 0)
			for email, full in self.user_names.items()
		)
		self.insert("User", fields, rows, len(self.user_names))
		role_rows = (
			[(email, "Team Leader") for email in leaders]
			+ [(email, "Account Manager") for email in members]
			+ [(email, role) for email, role in zip(personas, PERSONAS.values(), strict=True)]
		)
		fields = [*STANDARD, *CHILD, "role"]
		rows = (
			(*_standard(frappe.generate_hash(length=12), self.hired), email, "User", "roles", 1, role)
			for email, role in role_rows
		)
		self.insert("Has Role", fields, rows, len(role_rows))
		# what User.after_insert would create: Desk needs a user's Notification Settings to load
		rows = (_standard(email, self.hired) for email in self.user_names)
		self.insert("Notification Settings", STANDARD, rows, len(self.user_names))
		self.teams = ensure_teams(leaders)
		self.member_emails = members

	def write_managers(self, managers: int) -> None:
		rng = self.rng
		mean_capacity = max(10, int(1.3 * self.planned_customers / managers))
		fields = [
			*STANDARD,
			"user",
			"full_name",
			"service_team",
			"level",
			"status",
			"capacity",
			"current_load",
			"performance_score",
			"utilisation",
		]
		skill_rows, region_rows, rows = [], [], []
		for i, email in enumerate(self.member_emails):
			level = rng.choices(("Junior", "Senior", "Expert"), weights=(5, 3, 2))[0]
			status = rng.choices(("Active", "On Leave", "Inactive"), weights=(95, 3, 2))[0]
			capacity = max(5, int(mean_capacity * rng.uniform(0.7, 1.3)))
			team = self.teams[i % len(self.teams)]
			manager = {"name": email, "team": team, "status": status, "level": level}
			self.managers.append(manager)
			rows.append(
				(
					*_standard(email, self.hired),
					email,
					self.user_names[email],
					team,
					level,
					status,
					capacity,
					0,
					round(rng.uniform(55, 100), 1),
					0,
				)
			)
			for idx, skill in enumerate(rng.sample(self.skills, rng.randint(1, 3)), start=1):
				skill_rows.append(
					(
						*_standard(frappe.generate_hash(length=12), self.hired),
						email,
						"Account Manager",
						"skills",
						idx,
						skill,
						rng.randint(2, 5),
					)
				)
			manager["cities"] = rng.sample(self.cities, rng.randint(1, 2))
			for idx, city in enumerate(manager["cities"], start=1):
				region_rows.append(
					(
						*_standard(frappe.generate_hash(length=12), self.hired),
						email,
						"Account Manager",
						"regions",
						idx,
						city,
					)
				)
		self.insert("Account Manager", fields, iter(rows), len(rows))
		self.insert(
			"Account Manager Skill",
			[*STANDARD, *CHILD, "skill", "proficiency"],
			iter(skill_rows),
			len(skill_rows),
		)
		self.insert(
			"Account Manager Region",
			[*STANDARD, *CHILD, "service_region"],
			iter(region_rows),
			len(region_rows),
		)

	def write_customers(self, count: int) -> None:
		rng = self.rng
		owners = [m for m in self.managers if m["status"] != "Inactive"]
		local_owners: dict[str, list] = {}
		for m in owners:
			for city in m["cities"]:
				local_owners.setdefault(city, []).append(m)
		fields = [
			*STANDARD,
			"naming_series",
			"customer_name",
			"customer_code",
			"customer_type",
			"industry",
			"grade",
			"lifecycle_stage",
			"status",
			"source_channel",
			"account_manager",
			"account_manager_name",
			"service_team",
			"service_region",
			"contact_person",
			"email_id",
			"mobile_no",
			"id_number",
			"id_number_hash",
			"address",
			"expected_annual_value",
			"last_activity_date",
			"first_deal_date",
			"assigned_on",
			"data_completeness",
		]
		skill_rows: list[tuple] = []
		# ID numbers are encrypted (crm_assign/services/data_protection/id_numbers.py): the row keeps the mask and the hash,
		# the ciphertexts go to __Auth after the rows
		seal = sealer()
		auth_rows: list[tuple[str, str]] = []

		def rows() -> Iterator[tuple]:
			for i in range(1, count + 1):
				name = f"{DEMO_PREFIX}CUST-{i:07d}"
				city = rng.choice(self.cities)
				customer_name = f"{city}{rng.choice(ref.COMPANY_WORDS)}{rng.choice(ref.COMPANY_KINDS)}{rng.choice(ref.COMPANY_SUFFIXES)}"
				# most customers are owned by a manager serving their city, some by anyone, a tenth by nobody
				nearby = local_owners.get(city) if rng.random() < 0.8 else None
				owner = rng.choice(nearby or owners) if owners and rng.random() < 0.9 else None
				status = rng.choices(("Active", "Dormant", "Exited", "Blacklisted"), weights=(85, 10, 3, 2))[
					0
				]
				stage = rng.choices(("Potential", "Intent", "Deal", "Partner"), weights=(30, 20, 35, 15))[0]
				created = self.past(1500)
				last_activity = (
					self.past(700)
					if status != "Dormant"
					else self.now - timedelta(days=rng.randint(366, 900))
				).date()
				values = {
					"customer_name": customer_name,
					"customer_type": "Company",
					"industry": rng.choice(ref.INDUSTRIES),
					"service_region": city,
					"contact_person": rng.choice(self.people),
					"mobile_no": self.mobile(),
					"email_id": f"contact{i}@example.cn" if rng.random() < 0.7 else None,
					"address": f"{city}市{rng.choice(ref.COMPANY_WORDS)}路{rng.randint(1, 999)}号"
					if rng.random() < 0.8
					else None,
					"id_number": f"91{rng.randint(10**15, 10**16 - 1)}" if rng.random() < 0.6 else None,
					"source_channel": rng.choice(ref.SOURCE_CHANNELS),
					"expected_annual_value": rng.choice((0, 5e4, 1e5, 5e5, 2e6)),
					"required_skills": [s for s in self.skills if rng.random() < 0.08],
				}
				for idx, skill in enumerate(values["required_skills"], start=1):
					skill_rows.append(
						(
							*_standard(frappe.generate_hash(length=12), created),
							name,
							"Managed Customer",
							"required_skills",
							idx,
							skill,
						)
					)
				self.customers.append((name, customer_name, owner["name"] if owner else None))
				mask = digest = None
				if values["id_number"]:
					mask, ciphertext, digest = seal(values["id_number"])
					auth_rows.append((name, ciphertext))
				yield (
					*_standard(name, created),
					"CUST-.YYYY.-",
					customer_name,
					None,
					"Company",
					values["industry"],
					rng.choices(("A", "B", "C"), weights=(10, 30, 60))[0],
					stage,
					status,
					values["source_channel"],
					owner["name"] if owner else None,
					self.user_names[owner["name"]] if owner else None,
					owner["team"] if owner else None,
					city,
					values["contact_person"],
					values["email_id"],
					values["mobile_no"],
					mask,
					digest,
					values["address"],
					values["expected_annual_value"],
					last_activity,
					last_activity if stage in ("Deal", "Partner") else None,
					created.date() if owner else None,
					completeness_percent(values),
				)

		self.insert("Managed Customer", fields, rows(), count)
		store_ciphertexts("Managed Customer", auth_rows)
		self.insert("Managed Customer Skill", [*STANDARD, *CHILD, "skill"], iter(skill_rows), len(skill_rows))

	def write_visits(self, count: int) -> None:
		if not self.customers:
			return
		rng = self.rng
		fields = [
			*STANDARD,
			"naming_series",
			"visit_type",
			"customer",
			"customer_name",
			"account_manager",
			"status",
			"workflow_state",
			"planned_start",
			"planned_end",
			"purpose",
			"outcome",
			"satisfaction",
			"completed_on",
		]
		types = ("Appointment/Reception", "Outbound Visit", "Phone Call", "Return Visit", "Online")
		purposes = ("产品介绍", "需求调研", "合同洽谈", "售后回访", "投诉处理", "年度回顾")

		def rows() -> Iterator[tuple]:
			for i in range(1, count + 1):
				customer, customer_name, manager = self.rng_customer()
				start = self.working_time(self.now - timedelta(days=rng.randint(-30, 730)))
				done = start < self.now
				status = (
					rng.choices(("Completed", "Cancelled", "No Show"), weights=(90, 6, 4))[0]
					if done
					else "Scheduled"
				)
				yield (
					*_standard(f"{DEMO_PREFIX}VIS-{i:07d}", start),
					"VIS-.YYYY.-",
					rng.choice(types),
					customer,
					customer_name,
					manager,
					status,
					status,  # workflow state: the shipped workflow's states are named after the statuses
					start,
					start + timedelta(hours=1),
					rng.choice(purposes),
					"已沟通，客户满意" if status == "Completed" else None,
					rng.choice((0.6, 0.8, 0.8, 1.0, 1.0)) if status == "Completed" else 0,
					start + timedelta(hours=1) if status == "Completed" else None,
				)

		self.insert("Customer Visit", fields, rows(), count)

	def write_transactions(self, count: int) -> None:
		if not self.customers:
			return
		rng = self.rng
		fields = [
			*STANDARD,
			"naming_series",
			"customer",
			"customer_name",
			"transaction_type",
			"transaction_date",
			"amount",
			"account_manager",
		]

		def rows() -> Iterator[tuple]:
			for i in range(1, count + 1):
				customer, customer_name, manager = self.rng_customer()
				day = self.past(730)
				kind = "Return" if rng.random() < 0.04 else "Sale"
				amount = round(rng.lognormvariate(8, 1.2), 2) * (0.3 if kind == "Return" else 1)
				row = (
					*_standard(f"{DEMO_PREFIX}TXN-{i:07d}", day),
					"TXN-.YYYY.-",
					customer,
					customer_name,
					kind,
					day.date(),
					round(amount, 2),
					manager,
				)
				yield (*row[:5], 1, *row[6:])  # submitted

		self.insert("Customer Transaction", fields, rows(), count)

	def write_complaints(self, count: int) -> None:
		if not self.customers:
			return
		rng = self.rng
		fields = [
			*STANDARD,
			"naming_series",
			"subject",
			"customer",
			"customer_name",
			"account_manager",
			"status",
			"workflow_state",
			"severity",
			"category",
			"channel",
			"responsible_person",
			"opened_on",
			"sla_started_on",
			"first_responded_on",
			"resolved_on",
			"description",
			"resolution",
			"satisfaction",
		]
		subjects = ("发货延迟", "产品质量问题", "发票开具错误", "服务态度", "售后响应慢", "价格争议")

		def rows() -> Iterator[tuple]:
			for i in range(1, count + 1):
				customer, customer_name, manager = self.rng_customer()
				opened = self.working_time(self.past(365))
				status = rng.choices(
					("New", "Acknowledged", "In Progress", "Resolved", "Closed"), weights=(5, 5, 10, 20, 60)
				)[0]
				responded = opened + timedelta(hours=rng.uniform(0.2, 12)) if status != "New" else None
				resolved = (
					opened + timedelta(hours=rng.uniform(4, 120))
					if status in ("Resolved", "Closed")
					else None
				)
				yield (
					*_standard(f"{DEMO_PREFIX}CMP-{i:07d}", opened),
					"CMP-.YYYY.-",
					rng.choice(subjects),
					customer,
					customer_name,
					manager,
					status,
					status,  # workflow state
					rng.choices(("Low", "Medium", "High", "Critical"), weights=(30, 45, 20, 5))[0],
					rng.choice(("Product", "Service", "Delivery", "Billing", "Staff Conduct")),
					rng.choice(("Phone", "Email", "Online")),
					manager,
					opened,
					opened,  # the SLA clock starts at the opening
					responded,
					resolved,
					"<p>客户反映问题，需跟进处理。</p>",
					"已与客户沟通并解决" if resolved else None,
					rng.choice((0.4, 0.6, 0.8, 1.0)) if status == "Closed" else 0,
				)

		self.insert("Customer Complaint", fields, rows(), count)

	def refresh_loads(self) -> None:
		from crm_assign.services.allocation.ownership import refresh_manager_loads

		refresh_manager_loads([m["name"] for m in self.managers])

	# ---- small generators ----
	def rng_customer(self) -> tuple[str, str | None, str | None]:
		return self.customers[self.rng.randrange(len(self.customers))]

	def working_time(self, moment: datetime) -> datetime:
		day = moment.date()
		while day.weekday() >= 5:
			day -= timedelta(days=1)
		return datetime.combine(day, datetime.min.time()) + timedelta(
			hours=self.rng.randint(9, 16), minutes=self.rng.choice((0, 15, 30, 45))
		)
