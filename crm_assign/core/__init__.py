"""Pure-Python core of crm_assign.

Nothing in this package imports frappe: the allocation engine, the working-time calendar and SLA clock,
grading and incentive rules take plain Python objects and return plain results, and are tested with pytest.
"""
