"""Celery application. Workers: `celery -A config worker`, beat: `celery -A config beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# How every worker of the portal runs (README "Productie", the load test, the tests' real workers):
# without gossip, mingle and the worker heartbeat. On the Redis broker they only add broadcast
# traffic, and after a Redis restart their reconnect could leave the consumer stuck: the worker
# stayed up but took no task any more (kombu#582, celery#8030; seen in `make loadtest` on 2026-12-02,
# where every confirmation after the Redis restart waited in the queue).
WORKER_FLAGS = ("--without-heartbeat", "--without-mingle", "--without-gossip")

app = Celery("loket")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The tasks modules of every installed app, and of the rooms of the loket app (one Django app).
app.autodiscover_tasks()
app.autodiscover_tasks(["loket.core", "loket.accounts", "loket.publications", "loket.mailings", "loket.portal"])
