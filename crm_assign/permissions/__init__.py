"""Who sees what — the one place that decides record-level and field-level access.

- `scope`     who the user is: own Account Manager record, led teams (nested set), unrestricted or not
- `rules`     per-DocType row rules, rendered as SQL (list/count/report) and tested per document (forms)
- `access`    the `permission_query_conditions` and `has_permission` hooks wired in hooks.py
- `fields`    permlevel fields out of filters, sort keys, Version data and write responses
- `overrides` wrappers of stock Frappe routes that would otherwise bypass the hooks
"""
