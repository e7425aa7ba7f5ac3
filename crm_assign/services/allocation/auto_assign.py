"""Give a new Managed Customer an owner on insert, with a constant number of queries.

Managers' profiles (capacity, level, skills, regions, performance) and the region tree are built once
and kept in Redis and in the worker's memory, tagged with a version that any change to an Account Manager
or Service Region bumps. Loads are mirrored in a Redis hash (rebuilt from the database in one query
when missing): per insert the loads are read from Redis, cheapest managers first (see
`crm_assign.core.auto_assign.choose_owner`), and one conditional UPDATE in the database claims the place,
so two inserts at once never push a manager past capacity even if the mirror drifts. No COUNT per
manager, whatever the number of managers.
"""

import frappe
from frappe.utils import nowdate

from crm_assign.core.allocation.regions import RegionBands
from crm_assign.core.auto_assign import Profile, choose_owner, static_costs
from crm_assign.services.allocation.inputs import engine_settings, load_managers, on_leave_today, region_paths

VERSION_KEY = "crm_assign:auto_assign_version"
LOADS_KEY = "crm_assign:manager_loads"
POOL_KEY = "crm_assign:auto_assign_pool:2"  # bump the suffix when the cached shape changes
_memory: dict = {}  # this worker's copy: {"key": (site, version, day), "pool": …, ("bands", settings): …}


def clear_caches(doc=None, method=None) -> None:
	frappe.cache.delete_value(POOL_KEY)
	frappe.cache.incrby(frappe.cache.make_key(VERSION_KEY), 1)
	forget_loads()


def forget_loads() -> None:
	"""Drop the Redis mirror of loads; the next auto-assign rebuilds it from the database."""
	frappe.cache.delete(frappe.cache.make_key(LOADS_KEY))


def mirrored_loads(names: list[str]) -> dict[str, int]:
	key = frappe.cache.make_key(LOADS_KEY)
	values = frappe.cache.hmget(key, names)
	if any(v is None for v in values) and not frappe.cache.exists(key):
		manager = frappe.qb.DocType("Account Manager")
		loads = dict(
			frappe.qb.from_(manager)
			.select(manager.name, manager.current_load)
			.where(manager.status == "Active")
			.run()
		)
		pipe = frappe.cache.pipeline()
		if loads:
			pipe.hset(key, mapping={name: int(load or 0) for name, load in loads.items()})
		pipe.expire(key, 3600)  # bounds any drift from writes that bypass the app
		pipe.execute()
		return {n: int(loads[n] or 0) for n in names if n in loads}
	return {n: int(v) for n, v in zip(names, values, strict=True) if v is not None}


def mirror_load_change(manager: str, delta: int) -> None:
	key = frappe.cache.make_key(LOADS_KEY)
	if frappe.cache.exists(key):
		frappe.cache.hincrby(key, manager, delta)


def current_pool() -> dict:
	"""{"profiles": {name: Profile}, "teams": …, "names": …, "paths": …, "coordinates": …} for today."""
	# a raw counter (incrby) under a site-scoped key (make_key), which get_value could not unpickle
	version_key = frappe.cache.make_key(VERSION_KEY)
	version = frappe.cache.get(version_key) or b"0"  # nosemgrep: frappe-cache-breaks-multitenancy
	key = (frappe.local.site, version, nowdate())
	if _memory.get("key") == key:
		return _memory["pool"]
	pool = frappe.cache.get_value(POOL_KEY)
	if not pool or pool.get("day") != nowdate():
		pool = build_pool()
		frappe.cache.set_value(POOL_KEY, pool, expires_in_sec=86400)
	_memory.clear()
	_memory.update(key=key, pool=pool)
	return pool


def build_pool() -> dict:
	paths, coordinates = region_paths()
	rows = [r for r in load_managers(None, on_leave_today(), paths) if r.available]
	mean = (sum(r.performance_score or 0 for r in rows) / len(rows)) if rows else 1
	return {
		"day": nowdate(),
		"paths": paths,
		"coordinates": coordinates,
		"profiles": {
			r.name: Profile(
				r.name,
				r.capacity or 0,
				r.level,
				dict(r.skills),
				tuple(r.regions),
				max(0.1, (r.performance_score or mean) / (mean or 1)),
			)
			for r in rows
		},
		"teams": {r.name: r.service_team for r in rows},
		"names": {r.name: r.full_name for r in rows},
	}


def cached_pool() -> dict[str, dict]:
	"""Profiles as plain dicts (for callers that rank with all loads at hand, e.g. leave delegation)."""
	pool = current_pool()
	return {
		name: {
			"capacity": p.capacity,
			"level": p.level,
			"skills": p.skills,
			"regions": p.regions,
			"performance": p.performance,
		}
		for name, p in pool["profiles"].items()
	}


def cached_regions() -> tuple[dict, dict]:
	pool = current_pool()
	return pool["paths"], pool["coordinates"]


def auto_assign(customer) -> None:
	"""Called before a Managed Customer is inserted; sets its owner when the settings ask for it."""
	settings = frappe.get_cached_doc("CRM Assign Settings")
	if (
		not settings.auto_assign_on_insert
		or customer.account_manager
		or customer.status not in ("Active", "Dormant")
	):
		return
	pool = current_pool()
	profiles = pool["profiles"]
	if not profiles:
		return
	engine = engine_settings(pool["coordinates"])
	bands = _memory.setdefault(("bands", engine), RegionBands(engine))
	region = pool["paths"].get(customer.service_region, ())
	grade = customer.grade or "C"
	skills = frozenset(row.skill for row in customer.required_skills)
	key = ("static", engine, region, grade, skills)
	if key not in _memory:  # managers' skill and region costs for this kind of customer, reused
		_memory[key] = static_costs(region, grade, skills, list(profiles.values()), engine, bands)
	ranked = choose_owner(
		region,
		grade,
		skills,
		list(profiles.values()),
		mirrored_loads,
		total_load() + 1,
		sum(p.capacity * p.performance for p in profiles.values()),
		engine,
		bands,
		batch=250,  # Redis answers 250 loads as fast as 50
		ranked=_memory[key],
	)
	for choice in ranked[:5]:  # a concurrent insert may have taken the last place: try the next best
		if claim_place(choice.manager_id):
			customer.account_manager = choice.manager_id
			customer.account_manager_name = pool["names"].get(choice.manager_id)
			if pool["teams"].get(choice.manager_id):
				customer.service_team = pool["teams"][choice.manager_id]
			customer.flags.ownership_change_type = "Auto"
			customer.flags.ownership_change_reason = frappe._("Auto-assigned on creation (cost {0})").format(
				round(choice.total, 2)
			)
			customer.flags.load_counted = True
			return


def total_load() -> int:
	from frappe.query_builder.functions import Sum

	manager = frappe.qb.DocType("Account Manager")
	return int(
		frappe.qb.from_(manager)
		.select(Sum(manager.current_load))
		.where(manager.status == "Active")
		.run()[0][0]
		or 0
	)


def claim_place(manager: str) -> bool:
	"""Add one to the manager's load unless that would pass their capacity; True when it was added.

	Raw SQL for the affected-row count, which frappe.qb does not return.
	"""
	frappe.db.sql(  # nosemgrep: frappe-using-db-sql
		"""update `tabAccount Manager`
		set current_load = current_load + 1, utilisation = 100 * current_load / nullif(capacity, 0)
		where name = %s and current_load < capacity""",
		manager,
	)
	claimed = frappe.db._cursor.rowcount == 1
	if claimed:
		mirror_load_change(manager, +1)
		frappe.db.after_rollback.add(forget_loads)  # the claim is undone with the insert: so is the mirror
	else:
		forget_loads()  # the mirror was behind: reread the truth next time
	return claimed
