"""Service-desk jobs in a real site: daily overdue/frequency jobs on 100k customers and 1M visits, goal < 60 s each.

Load the data first (any site with crm_assign installed; a separate site is best)::

    bench --site SITE crm-assign-demo --customers 100000 --managers 1000 --visits 1000000 --complaints 100000

then run from the bench's ``sites`` folder with the bench's Python::

    ../env/bin/python /path/to/benchmarks/service_jobs_benchmark.py --site SITE [--overdue 20000] [--check]

The script turns ``--overdue`` demo visits into return visits past their due date (so the reminder job has
work), then times each job twice: the first run does the work (flags, reminders, ToDos, SLA updates and
escalations), the second shows the steady state of a job that runs every day (or every 10 minutes). Everything
is rolled back at the end unless ``--commit`` is given, so runs are repeatable. ``--check`` exits 1 when a
daily job misses the goal. Peak RSS is the script's whole process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_SECONDS = 60.0


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--overdue", type=int, default=20_000, help="demo visits made overdue return visits")
	parser.add_argument("--today", help="the jobs' 'today' (default: the site's today)")
	parser.add_argument("--commit", action="store_true", help="keep what the jobs wrote")
	parser.add_argument("--check", action="store_true", help="exit 1 when a daily job misses the goal")
	return parser.parse_args()


def timed(label, fn, *args, **kwargs):
	started = time.perf_counter()
	result = fn(*args, **kwargs)
	seconds = time.perf_counter() - started
	print(f"  {label:<44} {seconds:8.2f} s   {result}")
	return seconds


def make_overdue(count: int, today) -> int:
	"""Turn ``count`` demo visits (spread over the table) into scheduled return visits due a week ago."""
	import frappe
	from frappe.utils import add_days

	total = frappe.db.count("Customer Visit", {"name": ("like", "DEMO-VIS-%")})
	if not total or not count:
		return 0
	step = max(total // count, 1)
	names = [f"DEMO-VIS-{i:07d}" for i in range(1, total + 1, step)][:count]
	visit = frappe.qb.DocType("Customer Visit")
	due = add_days(today, -7)
	for start in range(0, len(names), 10_000):
		(
			frappe.qb.update(visit)
			.set(visit.visit_type, "Return Visit")
			.set(visit.status, "Scheduled")
			.set(visit.return_visit_due, due)
			.set(visit.is_overdue, 0)
			.set(visit.last_reminded_on, None)
			.where(visit.name.isin(names[start : start + 10_000]))
			.run()
		)
	return len(names)


def main() -> int:
	args = parse_args()
	import frappe

	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	from frappe.utils import getdate, nowdate

	from crm_assign.services.service_desk.complaint_sla import refresh_open_complaints
	from crm_assign.services.service_desk.visit_jobs import (
		create_visit_frequency_todos,
		remind_overdue_return_visits,
	)

	today = getdate(args.today or nowdate())
	counts = {
		"customers": frappe.db.count("Managed Customer"),
		"visits": frappe.db.count("Customer Visit"),
		"open complaints": frappe.db.count(
			"Customer Complaint", {"status": ("not in", ["Resolved", "Closed"])}
		),
		"open ToDos": frappe.db.count("ToDo", {"status": "Open"}),
	}
	print(f"site {args.site}, today {today}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
	prepared = make_overdue(args.overdue, today)
	print(f"  {prepared:,} demo visits made overdue return visits (not timed)")

	daily = {}
	try:
		print("daily jobs (goal < 60 s each)")
		daily["overdue reminders"] = timed(
			"overdue return visits: first run", remind_overdue_return_visits, today
		)
		timed("overdue return visits: again the same day", remind_overdue_return_visits, today)
		daily["visit frequency"] = timed(
			"visit-frequency ToDos: first run", create_visit_frequency_todos, today
		)
		timed("visit-frequency ToDos: next day", create_visit_frequency_todos, getdate(today))
		print("SLA refresh (every 10 minutes)")
		timed("SLA status of open complaints: first run", refresh_open_complaints)
		timed("SLA status of open complaints: again", refresh_open_complaints)
	finally:
		if args.commit:
			frappe.db.commit()
		else:
			frappe.db.rollback()
	peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
	print(f"peak RSS {peak_mb:,.0f} MB; {'committed' if args.commit else 'rolled back'}")
	missed = {k: round(v, 1) for k, v in daily.items() if v >= GOAL_SECONDS}
	if missed:
		print(f"MISSED the {GOAL_SECONDS:.0f} s goal: {missed}")
	frappe.destroy()
	return 1 if args.check and missed else 0


if __name__ == "__main__":
	sys.exit(main())
