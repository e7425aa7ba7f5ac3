"""Small master data for the demo, created through documents (a few dozen rows) and reused if present."""

import frappe

from crm_assign.demo import reference_data as ref

ROOT_TEAM = "客户管理部"


def ensure_regions() -> list[str]:
	"""Create the country → province → city tree; return the city names."""
	_ensure("Service Region", ref.COUNTRY, {"region_type": "Country", "is_group": 1})
	cities = []
	for province, province_cities in ref.REGIONS.items():
		_ensure(
			"Service Region",
			province,
			{"region_type": "Province", "is_group": 1, "parent_service_region": ref.COUNTRY},
		)
		for city, latitude, longitude in province_cities:
			_ensure(
				"Service Region",
				city,
				{
					"region_type": "City",
					"parent_service_region": province,
					"latitude": latitude,
					"longitude": longitude,
				},
			)
			cities.append(city)
	return cities


def ensure_skills() -> list[str]:
	for skill in ref.SKILLS:
		_ensure("Skill", skill, {})
	return list(ref.SKILLS)


def ensure_teams(leaders: list[str]) -> list[str]:
	"""One root department and one team per leader; return the team names."""
	_ensure("Service Team", ROOT_TEAM, {"is_group": 1, "department_type": "Service"})
	teams = []
	for i, leader in enumerate(leaders, start=1):
		name = f"客户服务{i:02d}组"
		department_type = ref.DEPARTMENT_TYPES[(i - 1) % len(ref.DEPARTMENT_TYPES)]
		_ensure(
			"Service Team",
			name,
			{"parent_service_team": ROOT_TEAM, "department_type": department_type},
		)
		frappe.db.set_value("Service Team", name, "team_leader", leader, update_modified=False)
		teams.append(name)
	return teams


def ensure_meeting_rooms() -> list[str]:
	"""The rooms where the reception desk receives customers."""
	for room, location, seats in ref.MEETING_ROOMS:
		_ensure("Meeting Room", room, {"location": location, "seats": seats})
	return [room for room, _location, _seats in ref.MEETING_ROOMS]


def _ensure(doctype: str, name: str, values: dict) -> None:
	if frappe.db.exists(doctype, name):
		return
	title_field = {
		"Service Region": "region_name",
		"Skill": "skill_name",
		"Service Team": "team_name",
		"Meeting Room": "room_name",
	}[doctype]
	frappe.get_doc({"doctype": doctype, title_field: name, **values}).insert(ignore_permissions=True)
