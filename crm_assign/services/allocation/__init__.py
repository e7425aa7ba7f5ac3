"""Who owns which customer.

- `inputs`       what the allocation engine needs, loaded set-wise (customers, managers, regions, loads)
- `draft`        an Allocation Plan's proposal: scope, engine run, items
- `apply`        an approved plan applied in committed, resumable chunks; managers notified
- `auto_assign`  an owner for a new customer on insert
- `rebalance`    dynamic adjustment (weekly drift check) and leave delegation with hand-back
- `ownership`    the one way an owner changes: customer updated, one Ownership Log row, loads refreshed
"""
