"""Celery tasks of publications."""

from celery import shared_task
from django.contrib.auth import get_user_model

from loket.core.mail import send_templated_mail
from loket.core.roles import Role
from loket.core.tasks import RETRY
from loket.publications.services import frameworks_expiring_unreminded, mark_expiry_reminded


@shared_task(name="loket.remind_expiring_frameworks", **RETRY)
def remind_expiring_frameworks() -> int:
    """Tell the core team about frameworks whose validity ends within a month (once per end date)."""
    frameworks = list(frameworks_expiring_unreminded())
    if not frameworks:
        return 0
    recipients = sorted(
        set(
            get_user_model()
            ._default_manager.filter(is_active=True, groups__name=Role.KERNTEAM.value)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if recipients:
        send_templated_mail(
            template="loket/emails/frameworks_expiring",
            context={"frameworks": frameworks},
            to=recipients,
        )
    mark_expiry_reminded(frameworks)
    return len(frameworks)
