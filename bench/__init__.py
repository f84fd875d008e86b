"""Benchmark and load-test harness (`make bench`, `make loadtest`): `python -m bench <command>`.

Not an installed app and never imported by the portal (an import-linter contract checks that).

- `__main__`: the launcher; `settings`/`urls`: the portal's settings and URLs plus the ceiling view.
- `commands`: run_bench, run_loadtest and seed_bench (Django management commands run by the launcher).
- `seed`: realistic volume, one module per app.
- `scenarios`: THE place to adjust after the apps change: pages, URL names, query strings, POST fields.
- `loadgen`: wrk runner and a Python keep-alive fallback, percentile maths.
- `server`: the separate bench database, production-like environment, gunicorn.
- `steps`: pluggable timed steps (exports, mailing through a real Celery worker).
- `report`: machine facts, targets of issue 9, the Markdown table.
"""
