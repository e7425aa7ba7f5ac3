"""Customer data kept confidential, handed over on request, destroyed on schedule, recoverable from backups.

- `id_numbers`        ID numbers encrypted at rest and matched by keyed hash (revealing one is the permission
                      layer's: crm_assign/permissions/id_numbers.py)
- `customer_records`  where one customer's data lives: every record linking to it
- `data_requests`     export of a customer's data; a data subject's deletion request
- `data_retention`    the erasure proposal for exited customers and the job that carries it out
- `anonymise`         personal data destroyed, the figures reports need kept
- `backups`           encrypted scheduled backups; `backup_drill` restores one and proves nothing was lost
"""
