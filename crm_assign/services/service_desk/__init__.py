"""The service desk: visits, complaints and the working time they are measured in.

- `visits`         booking conflicts, working hours, return visits due N working days after a reception
- `visit_jobs`     daily: overdue return visits and the grade's visit frequency
- `complaint_sla`  response/resolution due times on the working calendar, status and escalation
- `work_calendar`  the site's Service Calendar as the core's WorkCalendar
- `survey`         signed satisfaction-survey links after a visit or a resolved complaint
- `recipients`     who is told: a manager's team leader, the Customer Managers
"""
