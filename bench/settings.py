"""Settings of every bench process: `python -m bench`, and the gunicorn server, Celery worker and
export probes it starts. The portal's own settings, read from the same environment, with one
difference: the URLs of bench/urls.py (the portal's plus the ceiling view). The portal never
imports this module."""

from config.settings import *  # noqa: F403 - the portal's settings, unchanged

ROOT_URLCONF = "bench.urls"
