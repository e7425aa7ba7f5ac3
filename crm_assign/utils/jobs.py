"""Background jobs of the app's long operations (applying a plan, drafting one, erasing customers' data)."""

import frappe


def enqueue_long_job(method: str, job_id: str, timeout: int | None = None, **kwargs) -> None:
	"""Queue `method` on the long queue once per `job_id` (a second request while it waits is dropped), after
	the current transaction commits so the job sees what the caller wrote; inline in tests."""
	frappe.enqueue(
		method,
		queue="long",
		job_id=job_id,
		deduplicate=True,
		enqueue_after_commit=True,
		now=frappe.flags.in_test,
		timeout=timeout,
		**kwargs,
	)
