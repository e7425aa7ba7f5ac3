"""Give a new Managed Customer an owner on insert, with a constant number of queries.

The managers' static profile (capacity, level, skills, regions, performance) and the region tree are
cached in Redis and dropped when an Account Manager or Service Region changes; loads are read in one
query; the chosen manager's counter is claimed with one conditional UPDATE so two inserts at once never
push a manager past capacity. No COUNT per manager, whatever the number of managers.
"""

import frappe
from frappe.utils import nowdate

from crm_assign.core.auto_assign import Candidate, ranked_candidates
from crm_assign.services.allocation_inputs import engine_settings, load_managers, on_leave_today, region_paths

POOL_KEY = "crm_assign:auto_assign_pool"
REGIONS_KEY = "crm_assign:region_paths"


def clear_caches(doc=None, method=None) -> None:
	frappe.cache.delete_value([POOL_KEY, REGIONS_KEY])


def cached_regions() -> tuple[dict, dict]:
	cached = frappe.cache.get_value(REGIONS_KEY)
	if cached is None:
		cached = region_paths()
		frappe.cache.set_value(REGIONS_KEY, cached)
	return cached


def cached_pool() -> dict:
	"""Today's available managers' static profiles, keyed by name."""
	cached = frappe.cache.get_value(POOL_KEY)
	if cached and cached["day"] == nowdate():
		return cached["managers"]
	paths, _coordinates = cached_regions()
	rows = load_managers(None, on_leave_today(), paths)
	mean = sum(r.performance_score or 0 for r in rows) / len(rows) if rows else 1
	managers = {
		r.name: {
			"capacity": r.capacity or 0,
			"level": r.level,
			"skills": dict(r.skills),
			"regions": r.regions,
			"performance": max(0.1, (r.performance_score or mean) / (mean or 1)),
			"team": r.service_team,
			"full_name": r.full_name,
		}
		for r in rows
		if r.available
	}
	frappe.cache.set_value(POOL_KEY, {"day": nowdate(), "managers": managers}, expires_in_sec=86400)
	return managers


def auto_assign(customer) -> None:
	"""Called before a Managed Customer is inserted; sets its owner when the settings ask for it."""
	settings = frappe.get_cached_doc("CRM Assign Settings")
	if (
		not settings.auto_assign_on_insert
		or customer.account_manager
		or customer.status not in ("Active", "Dormant")
	):
		return
	pool = cached_pool()
	if not pool:
		return
	manager = frappe.qb.DocType("Account Manager")
	loads = dict(
		frappe.qb.from_(manager)
		.select(manager.name, manager.current_load)
		.where(manager.status == "Active")
		.run()
	)
	candidates = [
		Candidate(
			name,
			p["capacity"],
			loads.get(name) or 0,
			p["level"],
			p["skills"],
			tuple(p["regions"]),
			p["performance"],
		)
		for name, p in pool.items()
		if name in loads
	]
	paths, coordinates = cached_regions()
	ranked = ranked_candidates(
		paths.get(customer.service_region, ()),
		customer.grade or "C",
		frozenset(row.skill for row in customer.required_skills),
		candidates,
		engine_settings(coordinates),
	)
	for choice in ranked[:5]:  # a concurrent insert may have taken the last place: try the next best
		if claim_place(choice.manager_id):
			profile = pool[choice.manager_id]
			customer.account_manager = choice.manager_id
			customer.account_manager_name = profile["full_name"]
			if profile["team"]:
				customer.service_team = profile["team"]
			customer.flags.ownership_change_type = "Auto"
			customer.flags.ownership_change_reason = frappe._("Auto-assigned on creation (cost {0})").format(
				round(choice.total, 2)
			)
			customer.flags.load_counted = True
			return


def claim_place(manager: str) -> bool:
	"""Add one to the manager's load unless that would pass their capacity; True when it was added."""
	frappe.db.sql(
		"""update `tabAccount Manager`
		set current_load = current_load + 1, utilisation = 100 * (current_load) / nullif(capacity, 0)
		where name = %s and current_load < capacity""",
		manager,
	)
	return frappe.db._cursor.rowcount == 1
