"""Benchmark and load-test harness (`make bench`, `make loadtest`); never imported by the portal itself.

- `seed`: realistic volume for `manage.py seed_bench`, one function per app.
- `scenarios`: THE place to adjust after the apps merged: pages, URL names, query strings, POST fields.
- `loadgen`: wrk runner and a Python keep-alive fallback, percentile maths.
- `server`: the separate bench database, production-like environment, gunicorn.
- `steps`: pluggable timed steps (exports, mailing through a real Celery worker).
- `report`: machine facts, targets of issue 9, the Markdown table.
"""
