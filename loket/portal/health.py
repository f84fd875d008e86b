"""`/gezondheid/`: is the database reachable, is the broker reachable? No configuration leaks."""

import logging

from celery import current_app as app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # any failure is "down"; the log keeps the details, the response does not
        logger.exception("Gezondheidscontrole: database niet bereikbaar")
        return False


def check_broker() -> bool:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True  # tasks run in-process: there is no broker to reach

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.exception("Gezondheidscontrole: broker niet bereikbaar")
        return False


@never_cache
@require_GET
def health(request):
    checks = {"database": check_database(), "broker": check_broker()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "storing", **{k: "ok" if v else "storing" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)
