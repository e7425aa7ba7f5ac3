"""A customer's life: stages and statuses, grades, admission, exit to the blacklist, incentives.

- `stages`        figures from transactions, logged stage/status changes, new-customer credits
- `nightly`       the nightly job: figures, dormancy, grading
- `grading`       grades from the last twelve months by the active rule, one Grade Review row each
- `incentives`    monthly Development Incentive statements
- `admission`     an admitted big customer becomes a key customer
- `blacklist`     blacklist and duplicate checks by ID-number hash and phone numbers
- `completeness`  every customer's data completeness in one UPDATE
"""
