"""Celery application. Workers: `celery -A config worker`, beat: `celery -A config beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("loket")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The tasks modules of every installed app, and of the rooms of the loket app (one Django app).
app.autodiscover_tasks()
app.autodiscover_tasks(["loket.core", "loket.accounts", "loket.publications", "loket.mailings", "loket.portal"])
