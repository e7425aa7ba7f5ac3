"""Confidentiality over real HTTP: every route × role, against a served site (issue 4).

HTTP requests run in the server's own transactions, so the world (users, teams, managers, customers and their
records) is created through the REST API as Administrator and deleted again in tearDownClass. Needs
CRM_ASSIGN_BASE_URL (e.g. http://127.0.0.1:8021, which .ci/run provides); skipped without it.

Roles: managers A and B in different teams, the leader of A's parent team (A sits in a sub-team), a
receptionist, an auditor and a guest. A leak is any of the forbidden markers appearing in a response body:
for A and the leader every name, title, contact value and text of B's records; for the receptionist every
contact value (of A and B) and B's non-reception records; for the guest everything. Counts and group counts
are compared with the numbers each role may know. The test prints a routes × roles table of leaks (must be 0).
"""

import json
import os
import secrets
import unittest
from datetime import date, timedelta
from urllib.parse import unquote_plus

import frappe
import requests

from crm_assign.tests import FrappeTestCase

BASE_URL = os.environ.get("CRM_ASSIGN_BASE_URL")
ADMIN_PASSWORD = os.environ.get("CRM_ASSIGN_ADMIN_PASSWORD", "admin")
MC = "Managed Customer"
ROLES = ("manager_a", "leader", "receptionist", "auditor", "guest")
OK_DENIED = {401, 403, 404, 417}


class Client:
	"""A requests session logged in as one user (or a guest)."""

	def __init__(self, user: str | None = None, password: str | None = None):
		self.session = requests.Session()
		self.user = user or "Guest"
		if user:
			response = self.session.post(f"{BASE_URL}/api/method/login", data={"usr": user, "pwd": password})
			response.raise_for_status()

	def request(self, method: str, path: str, **kwargs) -> requests.Response:
		kwargs.setdefault("timeout", 60)
		return self.session.request(method, f"{BASE_URL}{path}", **kwargs)

	def call(self, dotted: str, http: str = "POST", **params) -> requests.Response:
		encoded = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in params.items()}
		if http == "GET":
			return self.request("GET", f"/api/method/{dotted}", params=encoded)
		return self.request("POST", f"/api/method/{dotted}", data=encoded)

	def data(self, response: requests.Response):
		response.raise_for_status()
		body = response.json()
		return body.get("data", body.get("message"))


def next_weekday(days_ahead: int = 7) -> date:
	day = date.today() + timedelta(days=days_ahead)
	while day.weekday() >= 5:
		day += timedelta(days=1)
	return day


class World:
	"""Everything the suite creates, with the markers each role must never receive."""

	def __init__(self, admin: Client):
		self.admin = admin
		self.token = secrets.token_hex(4)
		self.password = f"Sec-{secrets.token_hex(8)}!"
		self.created: list[tuple[str, str]] = []
		self.users: dict[str, str] = {}
		self.markers: dict[str, set[str]] = {}

	# creation through REST as Administrator ---------------------------------------------------------------

	def insert(self, doctype: str, values: dict) -> dict:
		response = self.admin.request("POST", f"/api/resource/{doctype}", json=values)
		if response.status_code != 200:
			raise AssertionError(f"creating {doctype} failed: {response.status_code} {response.text[:500]}")
		doc = response.json()["data"]
		self.created.append((doctype, doc["name"]))
		return doc

	def make_user(self, key: str, roles: tuple[str, ...]) -> str:
		email = f"sec-{key.replace('_', '-')}-{self.token}@test.crm-assign.example"
		self.insert(
			"User",
			{
				"email": email,
				"first_name": f"Sec {key} {self.token}",
				"send_welcome_email": 0,
				"new_password": self.password,
				"roles": [{"role": role} for role in roles],
			},
		)
		self.users[key] = email
		return email

	def build(self) -> None:
		t = self.token
		self.make_user("manager_a", ("Account Manager",))
		self.make_user("manager_b", ("Account Manager",))
		self.make_user("leader", ("Team Leader",))
		self.make_user("receptionist", ("Receptionist",))
		self.make_user("auditor", ("Customer Auditor",))
		a, b = self.users["manager_a"], self.users["manager_b"]

		root = self.insert("Service Team", {"team_name": f"SEC {t} Root", "is_group": 1})["name"]
		team_a = self.insert(
			"Service Team",
			{
				"team_name": f"SEC {t} A",
				"parent_service_team": root,
				"is_group": 1,
				"team_leader": self.users["leader"],
			},
		)["name"]
		team_a1 = self.insert("Service Team", {"team_name": f"SEC {t} A1", "parent_service_team": team_a})[
			"name"
		]
		team_b = self.insert("Service Team", {"team_name": f"SEC {t} B", "parent_service_team": root})["name"]
		self.skill = self.insert("Skill", {"skill_name": f"SEC {t} Skill"})["name"]
		self.insert("Account Manager", {"user": a, "service_team": team_a1, "capacity": 50})
		self.insert("Account Manager", {"user": b, "service_team": team_b, "capacity": 50})

		self.contact = {}
		self.customer = {}
		for key, manager in (("a", a), ("b", b)):
			digits = str(int(t, 16) % 10**7).zfill(7)
			contact = {
				"mobile_no": f"13{'8' if key == 'a' else '9'}1{digits}",
				"phone": f"0{'2' if key == 'a' else '3'}10-{digits}",
				"email_id": f"contact-{key}-{t}@example.com",
				"id_number": f"ID{key.upper()}{t}X",
				"address": f"{key.upper()} Secret Street {t}",
				"expected_annual_value": 7771234 if key == "a" else 8881234,
			}
			self.contact[key] = contact
			self.customer[key] = self.insert(
				MC,
				{
					"customer_name": f"SEC {t} Customer {key.upper()}",
					"account_manager": manager,
					"pin_owner": 1,
					"required_skills": [{"skill": self.skill}],
					**contact,
				},
			)["name"]

		day = next_weekday()
		self.visit, self.complaint, self.transaction, self.admission, self.quota = {}, {}, {}, {}, {}
		for key, manager in (("a", a), ("b", b)):
			customer = self.customer[key]
			self.visit[key] = self.insert(
				"Customer Visit",
				{
					"customer": customer,
					"visit_type": "Outbound Visit",
					"status": "Scheduled",
					"planned_start": f"{day} 10:00:00",
					"planned_end": f"{day} 11:00:00",
					"purpose": f"Purpose {key.upper()} {t}",
				},
			)["name"]
			self.complaint[key] = self.insert(
				"Customer Complaint",
				{
					"subject": f"Complaint {key.upper()} {t}",
					"customer": customer,
					"status": "New",
					"severity": "Low",
					"category": "Product",
					"opened_on": f"{day} 09:30:00",
					"description": f"Complaint text {key.upper()} {t}",
				},
			)["name"]
			self.transaction[key] = self.insert(
				"Customer Transaction",
				{
					"customer": customer,
					"transaction_type": "Sale",
					"transaction_date": str(date.today()),
					"amount": 432109.87 if key == "a" else 876543.21,
					"reference": f"Ref {key.upper()} {t}",
				},
			)["name"]
			self.admission[key] = self.insert(
				"Admission Application",
				{"customer": customer, "company_profile": f"Profile {key.upper()} {t}"},
			)["name"]
			self.quota[key] = self.insert(
				"Development Quota",
				{
					"account_manager": manager,
					"department_type": "Channel Sales",
					"month": str(date.today().replace(day=1)),
				},
			)["name"]
		self.reception_visit = self.insert(
			"Customer Visit",
			{
				"customer": self.customer["b"],
				"visit_type": "Appointment/Reception",
				"status": "Scheduled",
				"planned_start": f"{day} 14:00:00",
				"planned_end": f"{day} 15:00:00",
			},
		)["name"]

		cb = self.customer["b"]
		self.old_mobile_b = self.contact["b"]["mobile_no"]
		self.contact["b"]["mobile_no"] = self.old_mobile_b[:-1] + str((int(self.old_mobile_b[-1]) + 1) % 10)
		self.admin.request(
			"PUT", f"/api/resource/{MC}/{cb}", json={"mobile_no": self.contact["b"]["mobile_no"]}
		)
		self.tag = f"sectag{t}"
		self.admin.call("frappe.desk.doctype.tag.tag.add_tag", tag=self.tag, dt=MC, dn=cb)
		self.admin.call("frappe.desk.form.assign_to.add", assign_to=[b], doctype=MC, name=cb)
		self.comment = f"Comment on B {t}"
		self.admin.call(
			"frappe.desk.form.utils.add_comment",
			reference_doctype=MC,
			reference_name=cb,
			content=self.comment,
			comment_email="Administrator",
			comment_by="Administrator",
		)
		self.file_name = f"secret-b-{t}.txt"
		upload = self.admin.request(
			"POST",
			"/api/method/upload_file",
			data={"is_private": 1, "doctype": MC, "docname": cb, "folder": "Home/Attachments"},
			files={"file": (self.file_name, f"B attachment {t}".encode())},
		)
		upload.raise_for_status()
		self.file_url = upload.json()["message"]["file_url"]
		self.created.append(("File", upload.json()["message"]["name"]))
		self.chart = self.insert(
			"Dashboard Chart",
			{
				"chart_name": f"SEC {t} by manager",
				"chart_type": "Group By",
				"document_type": MC,
				"group_by_based_on": "account_manager",
				"group_by_type": "Count",
				"type": "Bar",
				"is_public": 1,
				"filters_json": json.dumps([[MC, "customer_name", "like", f"%{t}%"]]),
			},
		)["name"]
		self.legacy_mobile = f"13700{t}"
		self.set_markers()

	def set_markers(self) -> None:
		t, b = self.token, self.users["manager_b"]
		contact_a = {str(v) for v in self.contact["a"].values()}
		contact_b = {*(str(v) for v in self.contact["b"].values()), self.old_mobile_b, self.legacy_mobile}
		records_b = {
			self.customer["b"],
			f"SEC {t} Customer B",
			b,
			self.visit["b"],
			self.complaint["b"],
			self.transaction["b"],
			self.admission["b"],
			self.quota["b"],
			self.reception_visit,
			f"Purpose B {t}",
			f"Complaint B {t}",
			f"Complaint text B {t}",
			f"Ref B {t}",
			f"Profile B {t}",
			self.comment,
			self.file_name,
			"876543.21",
		}
		self.markers = {
			"manager_a": records_b | contact_b,
			"leader": records_b | contact_b,
			"receptionist": contact_a
			| contact_b
			| {
				self.visit["b"],
				self.complaint["b"],
				self.transaction["b"],
				self.admission["b"],
				self.quota["b"],
				f"Purpose B {t}",
				f"Complaint B {t}",
				f"Ref B {t}",
				f"Profile B {t}",
				self.file_name,
				self.comment,
				"876543.21",
			},
			"auditor": set(),
			"guest": records_b | contact_b | contact_a | {self.customer["a"], f"SEC {t} Customer A"},
		}

	# cleanup through the test process's own connection ----------------------------------------------------

	def delete_all(self) -> None:
		t = self.token
		names = {name for _dt, name in self.created}
		customers = list(self.customer.values()) if hasattr(self, "customer") else []
		if customers:
			frappe.db.delete("Ownership Log", {"customer": ("in", customers)})
			for doctype in ("ToDo", "Comment", "Tag Link", "Version", "File", "DocShare"):
				field = {
					"ToDo": "reference_name",
					"Comment": "reference_name",
					"Tag Link": "document_name",
					"Version": "docname",
					"File": "attached_to_name",
					"DocShare": "share_name",
				}[doctype]
				frappe.db.delete(doctype, {field: ("in", customers)})
			frappe.db.delete("__Auth", {"doctype": MC, "name": ("in", customers)})  # encrypted ID numbers
			frappe.db.delete("Access Log", {"export_from": MC, "reference_document": ("in", customers)})
		for doctype, name in reversed(self.created):
			if doctype == "User":
				continue
			table = frappe.qb.DocType(doctype)
			frappe.qb.from_(table).delete().where(table.name == name).run()
			for child in frappe.get_meta(doctype).get_table_fields():
				frappe.db.delete(child.options, {"parent": name, "parenttype": doctype})
		for user in self.users.values():
			frappe.delete_doc("User", user, force=True, ignore_permissions=True, delete_permanently=True)
		frappe.db.delete("Tag", {"name": f"sectag{t}"})
		frappe.db.delete("Version", {"docname": ("in", list(names))})
		frappe.db.commit()  # nosemgrep: the server committed these rows; this test process removes them


def sent_text(response: requests.Response) -> str:
	"""What the client itself sent (URL and body): an answer repeating it reveals nothing new."""
	sent = unquote_plus(response.request.url or "")
	body = response.request.body
	if body:
		sent += unquote_plus(body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body))
	return sent


def contains_marker(body: str, markers: set[str]) -> list[str]:
	return sorted(m for m in markers if m and m in body)


@unittest.skipUnless(BASE_URL, "CRM_ASSIGN_BASE_URL not set: no served site to send HTTP requests to")
class TestConfidentialityOverHTTP(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.world = World(Client("Administrator", ADMIN_PASSWORD))
		try:
			cls.world.build()
			cls.insert_legacy_version()
			cls.clients = {
				role: Client(cls.world.users[role], cls.world.password) if role != "guest" else Client()
				for role in ROLES
			}
		except Exception:
			cls.world.delete_all()
			raise
		cls.table: dict[str, dict[str, str]] = {}

	@classmethod
	def tearDownClass(cls):
		cls.print_table()
		cls.world.delete_all()
		super().tearDownClass()

	@classmethod
	def insert_legacy_version(cls):
		"""A Version row written before this app scrubbed permlevel values (read-time scrubbing must hide it)."""
		w = cls.world
		version = frappe.get_doc(
			{
				"doctype": "Version",
				"ref_doctype": MC,
				"docname": w.customer["b"],
				"data": json.dumps({"changed": [["mobile_no", "13600000000", w.legacy_mobile]]}),
			}
		)
		version.db_insert()
		frappe.db.commit()  # nosemgrep: the served site must see this row
		w.created.append(("Version", version.name))

	@classmethod
	def print_table(cls):
		if not cls.table:
			return
		routes = sorted(cls.table)
		width = max(len(r) for r in routes)
		columns = (*ROLES, "clerk")  # clerk: a role an admin gave Read + Write at level 0 in Desk
		lines = ["", f"{'route':<{width}}  " + "  ".join(f"{r:>12}" for r in columns)]
		leaks = denials = 0
		for route in routes:
			cells = [cls.table[route].get(role, "-") for role in columns]
			leaks += sum(1 for c in cells if c.startswith("LEAK"))
			denials += sum(1 for c in cells if c.startswith("DENIED"))
			lines.append(f"{route:<{width}}  " + "  ".join(f"{c:>12}" for c in cells))
		lines.append(
			f"routes: {len(routes)}, roles: {len(columns)}, leaks found: {leaks}, false denials found: {denials}"
		)
		print("\n".join(lines))

	# the engine -------------------------------------------------------------------------------------------

	def check(self, route: str, send, roles=ROLES, expect=None):
		"""Send the request(s) of a route as each role; record ok / LEAK / FAIL in the table."""
		failures = []
		for role in roles:
			client = self.clients[role]
			responses = send(client)
			responses = responses if isinstance(responses, list) else [responses]
			leaked, problems = [], []
			for response in responses:
				body = response.content.decode("utf-8", "replace")
				sent = sent_text(response)
				markers = {m for m in self.world.markers[role] if m not in sent}
				leaked += contains_marker(body, markers)
				if role == "guest" and response.status_code == 200 and leaked:
					problems.append("guest got 200")
				if expect and not leaked:
					problem = expect(role, response)
					if problem:
						problems.append(problem)
			cell = "ok"
			if leaked:
				cell = "LEAK"
				failures.append(f"{route} as {role}: {sorted(set(leaked))[:5]}")
			elif any(str(p).startswith("DENIED") for p in problems):
				cell = "DENIED"
				failures.append(f"{route} as {role}: {problems[:3]}")
			elif problems:
				cell = "FAIL"
				failures.append(f"{route} as {role}: {problems[:3]}")
			self.table.setdefault(route, {})[role] = cell
		self.assertEqual(failures, [])

	# helpers ------------------------------------------------------------------------------------------------

	def targets_b(self) -> dict[str, str]:
		w = self.world
		return {
			MC: w.customer["b"],
			"Account Manager": w.users["manager_b"],
			"Customer Visit": w.visit["b"],
			"Customer Complaint": w.complaint["b"],
			"Customer Transaction": w.transaction["b"],
			"Admission Application": w.admission["b"],
			"Development Quota": w.quota["b"],
		}

	def guarded_doctypes(self) -> list[str]:
		return [*self.targets_b(), "Ownership Log", "Managed Customer Skill", "Account Manager Skill"]

	def count_expectation(self, counts: dict[str, int]):
		def expect(role, response):
			if role == "guest":
				return None if response.status_code in OK_DENIED else f"guest status {response.status_code}"
			if response.status_code != 200:
				return f"status {response.status_code}"
			body = response.json()
			value = body.get("message", body.get("data"))
			if value != counts[role]:
				return f"count {value} != {counts[role]}"
			return None

		return expect

	# no false denial: Desk's own list requests, link titles included (issue 11) ------------------------

	def desk_list(self, doctype: str, names: list[str], titles: list[str]):
		"""What Desk's list view asks: the DocType's columns and each link's title (`customer.customer_name
		as customer_customer_name`), here limited to the world's rows."""
		fields = [f"`tab{doctype}`.`name`", *(f"{t} as {t.replace('.', '_')}" for t in titles)]
		return lambda c: c.call(
			"frappe.desk.reportview.get",
			doctype=doctype,
			fields=fields,
			filters=[[doctype, "name", "in", names]],
			order_by=f"`tab{doctype}`.`name` asc",
			view="List",
			with_comment_count=1,
		)

	def rows_expectation(self, expected: dict[str, list[dict]]):
		"""200 with exactly the expected rows and title values; anything less is a false denial."""

		def expect(role, response):
			if role not in expected:
				return None if response.status_code in OK_DENIED | {200} else f"status {response.status_code}"
			if response.status_code != 200:
				return f"DENIED: status {response.status_code} {response.text[:200]}"
			message = response.json().get("message") or {}
			keys, values = message.get("keys", []), message.get("values", [])
			rows = sorted((dict(zip(keys, row, strict=False)) for row in values), key=lambda r: r["name"])
			want = sorted(expected[role], key=lambda r: r["name"])
			if [{k: r.get(k) for k in w} for r, w in zip(rows, want, strict=False)] != want or len(
				rows
			) != len(want):
				return f"DENIED: rows {rows} != {want}"
			return None

		return expect

	def test_desk_lists_give_each_role_its_rows_with_link_titles(self):
		w, t = self.world, self.world.token
		title = {key: f"Sec manager_{key} {t}" for key in ("a", "b")}
		customer_name = {key: f"SEC {t} Customer {key.upper()}" for key in ("a", "b")}

		def customer_rows(*keys):
			return [{"name": w.customer[k], "account_manager_full_name": title[k]} for k in keys]

		def linked_rows(records, *keys, manager_title=True):
			return [
				{
					"name": records[k],
					"customer_customer_name": customer_name[k],
					**({"account_manager_full_name": title[k]} if manager_title else {}),
				}
				for k in keys
			]

		lists = {
			MC: (w.customer, ["account_manager.full_name"], customer_rows),
			"Customer Visit": (
				w.visit,
				["customer.customer_name", "account_manager.full_name"],
				lambda *k: linked_rows(w.visit, *k),
			),
			"Customer Complaint": (
				w.complaint,
				["customer.customer_name"],
				lambda *k: linked_rows(w.complaint, *k, manager_title=False),
			),
			"Customer Transaction": (
				w.transaction,
				["customer.customer_name"],
				lambda *k: linked_rows(w.transaction, *k, manager_title=False),
			),
		}
		for doctype, (records, titles, rows) in lists.items():
			expected = {"manager_a": rows("a"), "leader": rows("a"), "auditor": rows("a", "b")}
			if doctype == MC:
				expected["receptionist"] = rows("a", "b")
			self.check(
				f"Desk list {doctype} with link titles",
				self.desk_list(doctype, [records["a"], records["b"]], titles),
				expect=self.rows_expectation(expected),
			)

	def test_a_form_shows_the_title_of_each_link_the_role_may_pick(self):
		"""Desk asks `get_link_title` for a link set by the server (the host a booking defaults to): the
		manager's name for every role that may read or select the manager, the ID for anyone else."""
		w, t = self.world, self.world.token
		manager = w.users["manager_a"]
		name = f"Sec manager_a {t}"
		expected = {"manager_a": name, "leader": name, "receptionist": name, "auditor": name}

		def expect(role, response):
			if role not in expected:
				return None if response.status_code in OK_DENIED else f"status {response.status_code}"
			if response.status_code != 200:
				return f"DENIED: status {response.status_code}"
			title = response.json().get("message")
			return None if title == expected[role] else f"DENIED: title {title!r} != {expected[role]!r}"

		self.check(
			"search.get_link_title Account Manager (A's)",
			lambda c: c.call("frappe.desk.search.get_link_title", doctype="Account Manager", docname=manager),
			expect=expect,
		)

	# lists, counts, group counts -------------------------------------------------------------------------

	def test_list_routes_with_hostile_filters(self):
		w = self.world
		a = w.users["manager_a"]
		for doctype in self.guarded_doctypes():
			parent = {"Managed Customer Skill": MC, "Account Manager Skill": "Account Manager"}.get(doctype)
			base = {"fields": json.dumps(["*"]), "limit_page_length": 500}
			if parent:
				base["parent"] = parent
			variants = {
				"plain": {},
				"name like %": {"filters": json.dumps([["name", "like", "%"]])},
				"or_filters widen": {
					"or_filters": json.dumps(
						[["name", "=", self.targets_b().get(doctype, "x")], ["name", "like", "%"]]
					)
				},
				"sql-looking": {"filters": json.dumps([["name", "like", "%' or '1'='1"]])},
				"string filter": {"filters": json.dumps(["1=1"])},
			}
			if doctype in (MC, "Customer Visit", "Customer Transaction", "Development Quota"):
				variants["account_manager != A"] = {"filters": json.dumps([["account_manager", "!=", a]])}
			if doctype == MC:
				variants["child-table field"] = {
					"filters": json.dumps([["Managed Customer Skill", "skill", "=", w.skill]])
				}
			for label, extra in variants.items():
				params = {**base, **extra}
				self.check(
					f"/api/resource {doctype} list [{label}]",
					lambda c, params=params, dt=doctype: c.request(
						"GET", f"/api/resource/{dt}", params=params
					),
				)
			if not parent:
				self.check(
					f"/api/v2/document {doctype} list",
					lambda c, dt=doctype: c.request(
						"GET", f"/api/v2/document/{dt}", params={"fields": json.dumps(["*"]), "limit": 500}
					),
				)
			self.check(
				f"frappe.client.get_list {doctype}",
				lambda c, dt=doctype, parent=parent: c.call(
					"frappe.client.get_list", doctype=dt, fields=["*"], limit_page_length=500, parent=parent
				),
			)
			if parent:
				continue
			self.check(
				f"reportview.get {doctype}",
				lambda c, dt=doctype: c.call(
					"frappe.desk.reportview.get",
					doctype=dt,
					fields=[f"`tab{dt}`.`name`", f"`tab{dt}`.`owner`"],
					filters=[],
					page_length=500,
					view="Report",
				),
			)
			self.check(
				f"reportview.export_query {doctype}",
				lambda c, dt=doctype: c.call(
					"frappe.desk.reportview.export_query",
					doctype=dt,
					file_format_type="CSV",
					fields=[f"`tab{dt}`.`name`"],
					filters=[],
					title=dt,
				),
			)
			self.check(
				f"reportview.get_sidebar_stats {doctype}",
				lambda c, dt=doctype: c.call(
					"frappe.desk.reportview.get_sidebar_stats",
					stats=["owner", "_user_tags", "account_manager", "customer"],
					doctype=dt,
					filters=[],
				),
			)
			for field in ("assigned_to", "owner", "account_manager"):
				if field == "account_manager" and doctype in ("Account Manager", "Ownership Log"):
					continue
				self.check(
					f"listview.get_group_by_count {doctype} [{field}]",
					lambda c, dt=doctype, field=field: c.call(
						"frappe.desk.listview.get_group_by_count", doctype=dt, current_filters=[], field=field
					),
				)

	def test_exports_and_import_templates(self):
		fields = {MC: ["name", "customer_name", "mobile_no", "email_id", "expected_annual_value"]}
		self.check(
			"data_import.download_template (all records)",
			lambda c: c.call(
				"frappe.core.doctype.data_import.data_import.download_template",
				doctype=MC,
				export_fields=fields,
				export_records="all",
				file_type="CSV",
			),
		)
		self.check(
			"data_export.exporter.export_data (with data)",
			lambda c: c.call(
				"frappe.core.doctype.data_export.exporter.export_data",
				doctype=MC,
				select_columns={MC: ["name", "customer_name", "mobile_no", "email_id"]},
				with_data=1,
				all_doctypes=1,
				file_type="CSV",
			),
		)

	def test_sums_of_sales_figures_follow_field_access(self):
		t = self.world.token
		card = {
			"name": "x",
			"document_type": MC,
			"function": "Sum",
			"aggregate_function_based_on": "expected_annual_value",
		}
		filters = [["customer_name", "like", f"%{t}%"]]
		expected = {"manager_a": 7771234, "leader": 7771234, "receptionist": 0, "auditor": 7771234 + 8881234}

		def expect(role, response):
			if response.status_code in OK_DENIED and role in ("guest", "receptionist"):
				return None
			if response.status_code == 200 and response.json().get("message") == expected.get(role):
				return None
			return f"{response.status_code} {response.text[:120]}"

		self.check(
			"number_card.get_result Sum(expected_annual_value)",
			lambda c: c.call(
				"frappe.desk.doctype.number_card.number_card.get_result", doc=card, filters=filters
			),
			expect=expect,
		)

	def test_counts_are_only_of_visible_rows(self):
		t = self.world.token
		filters = [["customer_name", "like", f"%{t}%"]]
		counts = {"manager_a": 1, "leader": 1, "receptionist": 2, "auditor": 2}
		expect = self.count_expectation(counts)
		self.check(
			"frappe.client.get_count Managed Customer",
			lambda c: c.call("frappe.client.get_count", doctype=MC, filters=filters),
			expect=expect,
		)
		self.check(
			"reportview.get_count Managed Customer",
			lambda c: c.call("frappe.desk.reportview.get_count", doctype=MC, filters=filters),
			expect=expect,
		)
		self.check(
			"/api/v2/document count Managed Customer",
			lambda c: c.request(
				"GET", f"/api/v2/doctype/{MC}/count", params={"filters": json.dumps(filters)}
			),
			expect=expect,
		)
		card = {"name": "Active Customers", "document_type": MC, "function": "Count", "filters_json": "[]"}
		self.check(
			"number_card.get_result Managed Customer",
			lambda c: c.call(
				"frappe.desk.doctype.number_card.number_card.get_result", doc=card, filters=filters
			),
			expect=expect,
		)
		visit_counts = {"manager_a": 1, "leader": 1, "receptionist": 1, "auditor": 3}
		self.check(
			"frappe.client.get_count Customer Visit",
			lambda c: c.call(
				"frappe.client.get_count",
				doctype="Customer Visit",
				filters=[["name", "in", [*self.world.visit.values(), self.world.reception_visit]]],
			),
			expect=self.count_expectation(visit_counts),
		)

	# one record of B's ------------------------------------------------------------------------------------

	def test_document_routes_on_b_records(self):
		a = self.world.users["manager_a"]
		for doctype, name in self.targets_b().items():
			routes = {
				"GET /api/resource/{dt}/{name}": lambda c, dt, n: c.request("GET", f"/api/resource/{dt}/{n}"),
				"GET /api/v2/document/{dt}/{name}": lambda c, dt, n: c.request(
					"GET", f"/api/v2/document/{dt}/{n}"
				),
				"frappe.client.get": lambda c, dt, n: c.call("frappe.client.get", doctype=dt, name=n),
				"frappe.client.get_value": lambda c, dt, n: c.call(
					"frappe.client.get_value", doctype=dt, fieldname=["name", "modified"], filters={"name": n}
				),
				"frappe.client.validate_link": lambda c, dt, n: c.call(
					"frappe.client.validate_link", doctype=dt, docname=n, fields=["name", "modified"]
				),
				"form.load.getdoc": lambda c, dt, n: c.call(
					"frappe.desk.form.load.getdoc", http="GET", doctype=dt, name=n
				),
				"form.load.get_docinfo": lambda c, dt, n: c.call(
					"frappe.desk.form.load.get_docinfo", doctype=dt, name=n
				),
				"search.get_link_title": lambda c, dt, n: c.call(
					"frappe.desk.search.get_link_title", doctype=dt, docname=n
				),
				"form.linked_with.get": lambda c, dt, n: c.call(
					"frappe.desk.form.linked_with.get", doctype=dt, docname=n
				),
				"printview": lambda c, dt, n: c.request(
					"GET", "/printview", params={"doctype": dt, "name": n, "format": "Standard"}
				),
				"print_format.download_pdf": lambda c, dt, n: c.request(
					"GET",
					"/api/method/frappe.utils.print_format.download_pdf",
					params={"doctype": dt, "name": n},
				),
				"run_doc_method (tampered doc)": lambda c, dt, n: c.call(
					"run_doc_method",
					docs={
						"doctype": dt,
						"name": n,
						"account_manager": a,
						"customer": self.world.customer["a"],
					},
					method="get_title",
				),
				"frappe.desk.form.utils.get_next": lambda c, dt, n: c.call(
					"frappe.desk.form.utils.get_next", doctype=dt, value=n, prev=0, filters=[]
				),
			}
			for label, send in routes.items():
				self.check(
					f"{label} ({doctype})",
					lambda c, send=send, dt=doctype, n=name: send(c, dt, n),
					roles=("manager_a", "leader", "guest"),
				)

	def test_pdf_of_b_record_is_refused(self):
		"""A PDF is compressed, so markers cannot be searched in it: A must get no PDF at all."""
		cb = self.world.customer["b"]
		for role in ("manager_a", "leader", "guest"):
			response = self.clients[role].request(
				"GET",
				"/api/method/frappe.utils.print_format.download_pdf",
				params={"doctype": MC, "name": cb},
			)
			self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf", role)

	# search, tags, files, comments ------------------------------------------------------------------------

	def test_search_tags_files_and_comments(self):
		w = self.world
		t = w.token
		for doctype in self.targets_b():
			self.check(
				f"search_link {doctype} [ignore_user_permissions=1]",
				lambda c, dt=doctype: c.call(
					"frappe.desk.search.search_link",
					doctype=dt,
					txt=t if dt not in ("Development Quota",) else "",
					ignore_user_permissions=1,
					page_length=100,
				),
			)
			self.check(
				f"search_widget {doctype} [filter_fields, searchfield]",
				lambda c, dt=doctype: c.call(
					"frappe.desk.search.search_widget",
					doctype=dt,
					txt="",
					filter_fields=json.dumps(["owner", "modified"]),
					page_length=100,
					ignore_user_permissions=1,
				),
			)
		self.check(
			"search_widget Managed Customer [permlevel filter_fields]",
			lambda c: c.call(
				"frappe.desk.search.search_widget",
				doctype=MC,
				txt=t,
				filter_fields=json.dumps(["mobile_no", "email_id", "address"]),
				page_length=100,
			),
		)
		self.check(
			"search_link Managed Customer [searchfield=mobile_no]",
			lambda c: c.call(
				"frappe.desk.search.search_link",
				doctype=MC,
				txt="139",
				searchfield="mobile_no",
				page_length=100,
			),
		)
		self.check(
			"global_search.search",
			lambda c: [
				c.call("frappe.utils.global_search.search", text=t, limit=100),
				c.call("frappe.utils.global_search.search", text=t, doctype=MC, limit=100),
			],
		)
		self.check(
			"Tag Link list",
			lambda c: c.request(
				"GET",
				"/api/resource/Tag Link",
				params={"fields": json.dumps(["*"]), "limit_page_length": 500},
			),
		)
		self.check(
			"tag.get_tagged_docs",
			lambda c: c.call("frappe.desk.doctype.tag.tag.get_tagged_docs", doctype=MC, tag=w.tag),
		)
		self.check(
			"tag.get_documents_for_tag",
			lambda c: c.call("frappe.desk.doctype.tag.tag.get_documents_for_tag", tag=f"#{w.tag}"),
		)
		self.check(
			"File list",
			lambda c: c.request(
				"GET", "/api/resource/File", params={"fields": json.dumps(["*"]), "limit_page_length": 500}
			),
		)
		self.check("private file download", lambda c: c.request("GET", w.file_url))
		for doctype in ("Comment", "ToDo", "Communication", "Version", "DocShare", "View Log", "Access Log"):
			self.check(
				f"{doctype} list",
				lambda c, dt=doctype: c.request(
					"GET",
					f"/api/resource/{dt}",
					params={"fields": json.dumps(["*"]), "limit_page_length": 500},
				),
			)

	def test_tagging_b_record_is_refused(self):
		cb = self.world.customer["b"]
		for role in ("manager_a", "leader", "guest"):
			response = self.clients[role].call(
				"frappe.desk.doctype.tag.tag.add_tag", tag=f"hijack{self.world.token}", dt=MC, dn=cb
			)
			self.assertIn(response.status_code, OK_DENIED, role)

	# permlevel fields as oracles --------------------------------------------------------------------------

	def test_permlevel_fields_never_filter_sort_or_group(self):
		"""The receptionist may read customers, but not contact fields: a filter on one must not answer."""
		digits = self.world.contact["b"]["mobile_no"][:4]

		def same_answers(role, responses):
			statuses = {r.status_code for r in responses}
			if statuses <= OK_DENIED:
				return None
			bodies = {r.text for r in responses}
			return None if len(bodies) == 1 else f"answers differ: {statuses}"

		oracles = {
			"/api/resource filter mobile_no like": lambda c, v: c.request(
				"GET", f"/api/resource/{MC}", params={"filters": json.dumps([["mobile_no", "like", f"{v}%"]])}
			),
			"frappe.client.get_count filter mobile_no": lambda c, v: c.call(
				"frappe.client.get_count", doctype=MC, filters=[["mobile_no", "like", f"{v}%"]]
			),
			"reportview.get_count or_filters mobile_no": lambda c, v: c.call(
				"frappe.desk.reportview.get_count", doctype=MC, or_filters=[["mobile_no", "like", f"{v}%"]]
			),
			"frappe.client.get_value filter email_id": lambda c, v: c.call(
				"frappe.client.get_value",
				doctype=MC,
				fieldname="name",
				filters={"email_id": ["like", f"contact-b-{v}%"]},
			),
			"reportview.get order_by mobile_no": lambda c, v: c.call(
				"frappe.desk.reportview.get",
				doctype=MC,
				fields=[f"`tab{MC}`.`name`"],
				order_by=f"if(`tab{MC}`.`mobile_no` like '{v}%', 0, 1)",
			),
			"reportview.get group_by mobile_no": lambda c, v: c.call(
				"frappe.desk.reportview.get",
				doctype=MC,
				fields=["count(*) as c"],
				group_by=f"`tab{MC}`.`mobile_no`",
				filters=[["mobile_no", "like", f"{v}%"]],
			),
			"get_sidebar_stats stats mobile_no": lambda c, v: c.call(
				"frappe.desk.reportview.get_sidebar_stats",
				stats=["mobile_no"],
				doctype=MC,
				filters=[["customer_name", "like", f"%{self.world.token}%"]],
			),
			"get_group_by_count field mobile_no": lambda c, v: c.call(
				"frappe.desk.listview.get_group_by_count",
				doctype=MC,
				current_filters=[["mobile_no", "like", f"{v}%"]],
				field="mobile_no",
			),
			"get_filter_dashboard_data string filter": lambda c, v: c.call(
				"frappe.desk.reportview.get_filter_dashboard_data",
				stats=[{"name": "grade", "type": "Select"}],
				doctype=MC,
				filters=[f"`tab{MC}`.`mobile_no` like '{v}%'"],
			),
			"Visit list fields customer.mobile_no": lambda c, v: c.request(
				"GET",
				"/api/resource/Customer Visit",
				params={"fields": json.dumps(["name", "customer.mobile_no"])},
			),
		}
		for label, send in oracles.items():
			self.check(
				f"permlevel oracle: {label}",
				lambda c, send=send: [send(c, digits), send(c, "0000")],
				roles=("receptionist", "manager_a", "guest"),
				expect=None,
			)
			responses = [
				send(self.clients["receptionist"], digits),
				send(self.clients["receptionist"], "0000"),
			]
			self.assertIsNone(same_answers("receptionist", responses), label)

	# encrypted ID numbers (issue 4, item 5) -----------------------------------------------------------------

	def test_id_numbers_are_encrypted_and_shown_only_to_readers_of_the_field(self):
		w = self.world
		reveal = "crm_assign.permissions.id_numbers.reveal_id_number"
		ca, cb = w.customer["a"], w.customer["b"]
		table = frappe.qb.DocType(MC)
		for key in ("a", "b"):  # at rest: the number is in no column of the customer's row
			row = frappe.qb.from_(table).select("*").where(table.name == w.customer[key]).run(as_dict=True)
			number = w.contact[key]["id_number"]
			self.assertEqual([f for f, v in row[0].items() if number in str(v)], [], key)
		self.check(
			"id_numbers.reveal_id_number (B's customer)",
			lambda c: c.call(reveal, doctype=MC, name=cb),
			roles=("manager_a", "leader", "receptionist", "guest"),
		)
		self.check(
			"id_numbers.reveal_id_number (A's customer)",
			lambda c: c.call(reveal, doctype=MC, name=ca),
			roles=("receptionist", "guest"),
		)
		self.check(
			"frappe.client.get_password (B's customer id_number)",
			lambda c: c.call("frappe.client.get_password", doctype=MC, name=cb, fieldname="id_number"),
			roles=("manager_a", "leader", "receptionist", "guest"),
		)
		find = "crm_assign.services.data_protection.id_numbers.find_customers_by_id_number"
		number_b = w.contact["b"]["id_number"]
		self.check(
			"id_numbers.find_customers_by_id_number (B's number)",
			lambda c: c.call(find, id_number=f" {number_b.lower()} "),
			roles=("manager_a", "leader", "receptionist", "guest"),
		)
		for role, key, found in (("manager_a", "a", [ca]), ("manager_a", "b", []), ("auditor", "b", [cb])):
			response = self.clients[role].call(find, id_number=w.contact[key]["id_number"])
			self.assertEqual([c["name"] for c in self.clients[role].data(response)], found, (role, key))
		for role, name in (("manager_a", cb), ("leader", cb), ("receptionist", ca), ("guest", ca)):
			response = self.clients[role].call(reveal, doctype=MC, name=name)
			self.assertIn(response.status_code, OK_DENIED, f"{role}: {response.text[:300]}")
		# positive controls: the owner and their leader read A's number, the auditor B's; each reveal is logged
		for role, key in (("manager_a", "a"), ("leader", "a"), ("auditor", "b")):
			response = self.clients[role].call(reveal, doctype=MC, name=w.customer[key])
			self.assertEqual(self.clients[role].data(response), w.contact[key]["id_number"], role)
		# a System Manager's frappe.client.get_password of an ID number is a reveal too
		response = w.admin.call("frappe.client.get_password", doctype=MC, name=cb, fieldname="id_number")
		self.assertEqual(w.admin.data(response), w.contact["b"]["id_number"])
		frappe.db.rollback()  # a fresh snapshot: the server committed the Access Log rows
		logged = frappe.get_all(
			"Access Log",
			filters={"export_from": MC, "reference_document": ("in", [ca, cb]), "method": "Show ID Number"},
			pluck="user",
		)
		self.assertEqual(
			sorted(logged),
			sorted([w.users["manager_a"], w.users["leader"], w.users["auditor"], "Administrator"]),
		)

	# reports, charts, calendar ----------------------------------------------------------------------------

	def test_every_report_on_guarded_doctypes(self):
		reports = frappe.get_all(
			"Report",
			filters={"ref_doctype": ("in", self.guarded_doctypes()), "disabled": 0},
			fields=["name", "report_type"],
		)
		for report in reports:
			self.check(
				f"query_report.run {report.name}",
				lambda c, r=report.name: [
					c.call("frappe.desk.query_report.run", report_name=r, filters={}),
					c.call(
						"frappe.desk.query_report.run",
						report_name=r,
						filters={},
						user=self.world.users["manager_b"],
					),
				],
			)
			self.check(
				f"query_report.export_query {report.name}",
				lambda c, r=report.name: c.call(
					"frappe.desk.query_report.export_query",
					report_name=r,
					file_format_type="CSV",
					filters={},
					visible_idx=[],
				),
			)

	def test_dashboard_chart_cache_is_not_shared(self):
		chart = self.world.chart
		# the auditor fills the cache first, with every manager's count
		self.clients["auditor"].call(
			"frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart_name=chart
		)
		self.check(
			"dashboard_chart.get (cached by auditor first)",
			lambda c: c.call("frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart_name=chart),
			roles=("manager_a", "leader", "receptionist", "guest"),
		)

	def test_calendar_and_kanban_feeds(self):
		day = next_weekday()
		start, end = f"{day - timedelta(days=1)} 00:00:00", f"{day + timedelta(days=1)} 00:00:00"
		self.check(
			"visits calendar (crm_assign.services.service_desk.visits.get_calendar_events)",
			lambda c: c.call(
				"crm_assign.services.service_desk.visits.get_calendar_events", start=start, end=end
			),
		)
		self.check(
			"frappe.desk.calendar.get_events (Customer Visit)",
			lambda c: c.call(
				"frappe.desk.calendar.get_events",
				doctype="Customer Visit",
				start=start,
				end=end,
				field_map={"start": "planned_start", "end": "planned_end", "title": "customer_name"},
			),
		)
		self.check(
			"kanban data (reportview.get by status)",
			lambda c: c.call(
				"frappe.desk.reportview.get",
				doctype="Customer Complaint",
				fields=["`tabCustomer Complaint`.`name`", "`tabCustomer Complaint`.`subject`"],
				filters=[["status", "in", ["New", "Acknowledged"]]],
				page_length=500,
			),
		)

	# writes -----------------------------------------------------------------------------------------------

	def test_writes_to_b_records_are_refused(self):
		w = self.world
		cb, a = w.customer["b"], w.users["manager_a"]
		doc = self.clients["auditor"].data(self.clients["auditor"].request("GET", f"/api/resource/{MC}/{cb}"))
		attempts = {
			"PUT /api/resource": lambda c: c.request("PUT", f"/api/resource/{MC}/{cb}", json={"notes": "x"}),
			"PUT take ownership": lambda c: c.request(
				"PUT", f"/api/resource/{MC}/{cb}", json={"account_manager": a}
			),
			"PATCH /api/v2/document": lambda c: c.request(
				"PATCH", f"/api/v2/document/{MC}/{cb}", json={"notes": "x"}
			),
			"frappe.client.set_value": lambda c: c.call(
				"frappe.client.set_value", doctype=MC, name=cb, fieldname="notes", value="x"
			),
			"frappe.client.save": lambda c: c.call("frappe.client.save", doc={**doc, "notes": "x"}),
			"savedocs": lambda c: c.call(
				"frappe.desk.form.save.savedocs", doc={**doc, "account_manager": a}, action="Save"
			),
			"DELETE /api/resource": lambda c: c.request("DELETE", f"/api/resource/{MC}/{cb}"),
			"frappe.client.delete": lambda c: c.call("frappe.client.delete", doctype=MC, name=cb),
			"new visit for B's customer": lambda c: c.request(
				"POST",
				"/api/resource/Customer Visit",
				json={
					"customer": cb,
					"visit_type": "Outbound Visit",
					"status": "Scheduled",
					"planned_start": f"{next_weekday()} 16:00:00",
				},
			),
		}
		for label, send in attempts.items():
			self.check(f"write: {label}", send, roles=("manager_a", "leader", "guest"))
			for role in ("manager_a", "leader", "guest", "auditor", "receptionist"):
				if label == "new visit for B's customer" and role == "receptionist":
					continue
				response = send(self.clients[role])
				self.assertIn(response.status_code, OK_DENIED, f"{label} as {role}: {response.text[:300]}")
		stored = frappe.db.get_value(MC, cb, ["notes", "account_manager"], as_dict=True)
		self.assertEqual(stored.account_manager, w.users["manager_b"])
		self.assertNotEqual(stored.notes, "x")

	def test_ownership_log_is_append_only_over_the_api(self):
		w = self.world
		admin = w.admin
		log = frappe.get_all("Ownership Log", filters={"customer": w.customer["b"]}, pluck="name", limit=1)
		self.assertTrue(log)
		name = log[0]
		for label, response in {
			"PUT": admin.request("PUT", f"/api/resource/Ownership Log/{name}", json={"reason": "edited"}),
			"set_value": admin.call(
				"frappe.client.set_value", doctype="Ownership Log", name=name, fieldname="reason", value="x"
			),
			"DELETE": admin.request("DELETE", f"/api/resource/Ownership Log/{name}"),
			"delete_items": admin.call(
				"frappe.desk.reportview.delete_items", items=[name], doctype="Ownership Log"
			),
		}.items():
			self.assertNotEqual(response.status_code, 200 if label != "delete_items" else -1, label)
		self.assertTrue(frappe.db.exists("Ownership Log", name))
		self.assertNotIn(frappe.db.get_value("Ownership Log", name, "reason"), ("edited", "x"))

	def test_write_responses_carry_no_unreadable_fields(self):
		"""An admin gives a new role Read + Write at level 0 on Managed Customer in Role Permission Manager
		(no code): its users may edit basic fields of every customer, and no write route hands them the
		contact fields back."""
		w, admin = self.world, self.world.admin
		role = f"SEC Clerk {w.token}"
		w.insert("Role", {"role_name": role, "desk_access": 1})
		manager = "frappe.core.page.permission_manager.permission_manager"
		try:
			admin.call(f"{manager}.add", parent=MC, role=role, permlevel=0).raise_for_status()
			admin.call(f"{manager}.update", doctype=MC, role=role, permlevel=0, ptype="write", value=1)
			clerk = Client(w.make_user("clerk", (role,)), w.password)
			cb = w.customer["b"]
			contact = {str(v) for v in w.contact["b"].values()}
			doc = clerk.data(clerk.request("GET", f"/api/resource/{MC}/{cb}"))
			writes = {
				"PUT /api/resource": clerk.request(
					"PUT", f"/api/resource/{MC}/{cb}", json={"notes": "clerk 1"}
				),
				"PATCH /api/v2/document": clerk.request(
					"PATCH", f"/api/v2/document/{MC}/{cb}", json={"notes": "clerk 2"}
				),
				"frappe.client.set_value": clerk.call(
					"frappe.client.set_value", doctype=MC, name=cb, fieldname="notes", value="clerk 3"
				),
				"frappe.client.save": clerk.call(
					"frappe.client.save",
					doc={**clerk.data(clerk.request("GET", f"/api/resource/{MC}/{cb}")), "notes": "clerk 4"},
				),
				"savedocs": clerk.call(
					"frappe.desk.form.save.savedocs",
					doc={**clerk.data(clerk.request("GET", f"/api/resource/{MC}/{cb}")), "notes": "clerk 5"},
					action="Save",
				),
			}
			for label, response in writes.items():
				self.assertEqual(response.status_code, 200, f"{label}: {response.text[:300]}")
				leaked = contains_marker(response.text, contact)
				self.table.setdefault(f"write response: {label}", {})["clerk"] = "LEAK" if leaked else "ok"
				self.assertEqual(leaked, [], label)
			self.assertNotIn("mobile_no", doc)
			frappe.db.rollback()  # a fresh snapshot: the server committed the clerk's writes
			self.assertEqual(frappe.db.get_value(MC, cb, "notes"), "clerk 5")
			self.assertEqual(frappe.db.get_value(MC, cb, "mobile_no"), w.contact["b"]["mobile_no"])
		finally:
			admin.call(f"{manager}.reset", doctype=MC)

	# the rules work for the people who should see things (positive controls) --------------------------------

	def test_positive_controls(self):
		w = self.world
		ca, cb = w.customer["a"], w.customer["b"]

		def body(role, method, path, **kw):
			response = self.clients[role].request(method, path, **kw)
			self.assertEqual(response.status_code, 200, f"{role} {path}: {response.text[:300]}")
			return response.text

		def visits(*names):  # only the world's visits: a demo site holds more than one page of others
			return {"params": {"filters": json.dumps([["name", "in", list(names)]])}}

		# A reads their own customer with contact fields; the leader (parent team) reads it too
		for role in ("manager_a", "leader"):
			text = body(role, "GET", f"/api/resource/{MC}/{ca}")
			self.assertIn(w.contact["a"]["mobile_no"], text)
			self.assertIn(
				w.visit["a"], body(role, "GET", "/api/resource/Customer Visit", **visits(w.visit["a"]))
			)
		# the auditor sees B's contact values, so the markers would catch a leak
		self.assertIn(w.contact["b"]["mobile_no"], body("auditor", "GET", f"/api/resource/{MC}/{cb}"))
		# the receptionist sees B's customer (basic fields) and the reception visit, not the contact values
		text = body("receptionist", "GET", f"/api/resource/{MC}/{cb}")
		self.assertIn(f"SEC {w.token} Customer B", text)
		self.assertNotIn(w.contact["b"]["mobile_no"], text)
		self.assertIn(
			w.reception_visit,
			body("receptionist", "GET", "/api/resource/Customer Visit", **visits(w.reception_visit)),
		)
		# versions: the auditor's timeline has no permlevel values either (scrubbed when stored)
		self.assertNotIn(
			w.old_mobile_b,
			self.clients["auditor"]
			.call("frappe.desk.form.load.getdoc", http="GET", doctype=MC, name=cb)
			.text,
		)
		# the guest is refused, not redirected into data
		for path in (f"/api/resource/{MC}", f"/api/resource/{MC}/{ca}", "/api/v2/document/Customer Visit"):
			self.assertIn(self.clients["guest"].request("GET", path).status_code, OK_DENIED, path)
