"""Services: load rows set-wise, call the pure core, write the results. Controllers, jobs and reports call them.

One sub-package per capability; each imports the core, the permission layer and `crm_assign.utils` below it,
and only the sub-packages listed under "uses" beside it:

- `allocation`       who owns which customer: drafting and applying Allocation Plans, auto-assign on insert,
                     dynamic adjustment and leave delegation, the one way an owner changes (ownership)
- `service_desk`     visits and return visits, complaints and their SLAs, the working calendar, satisfaction
                     surveys                                                               (uses: none)
- `lifecycle`        stages and statuses, the nightly figures/dormancy/grading, incentives, admission,
                     blacklist and duplicate checks, data completeness                (uses: allocation)
- `data_protection`  encrypted ID numbers, export and erasure of a customer's data, retention, backups and
                     the backup drill                                                  (uses: lifecycle)
"""
