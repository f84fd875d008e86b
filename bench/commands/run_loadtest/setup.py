"""Before the load: the Celery environment of the chaos run, the logins, the PRT-lid's draft and the
mailing to 5,000 subscribers (a mixin of the command)."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import scenarios, seed, server
from bench.commands.run_loadtest.users import CHAOS_VISIBILITY_TIMEOUT, STAFF_USERS
from loket.core.models import Province
from loket.mailings.models import Mailing, Subscription
from loket.mailings.services import mailing_send
from plans import services as plan_services
from plans.models import PlanVersion
from plans.workflow import Status as PlanStatus

MAILING_RECIPIENTS = 5000


class SetupMixin:
    def celery_environment(self, smtp_port: int) -> dict[str, str]:
        env = server.server_environment(os.environ)
        env.update(
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),
                "EMAIL_USE_TLS": "false",
                "EMAIL_TIMEOUT": "10",
                "CELERY_VISIBILITY_TIMEOUT": CHAOS_VISIBILITY_TIMEOUT,
                "LOG_LEVEL": "INFO",
            }
        )
        return env

    def prepare_logins(self) -> None:
        """Every staff user of the run has the bench authenticator, and a code of this 30 s window
        is not refused as already used by an earlier run."""
        names = [name for names in STAFF_USERS.values() for name in names]
        for user in get_user_model().objects.filter(username__in=names):
            seed.bench_totp_device(user)
        TOTPDevice.objects.filter(user__username__in=names).update(last_t=-1)
        connections.close_all()

    def editable_draft(self) -> dict | None:
        """The PRT-lid's draft (concept or in PRT) of their province; started when there is none."""
        editable = (PlanStatus.CONCEPT, PlanStatus.IN_PRT)
        version = (
            PlanVersion.objects.filter(plan__province__code="PV26", status__in=editable)
            .select_related("plan__province")
            .order_by("-number")
            .first()
        )
        if version is None:
            prt = get_user_model().objects.get(username=STAFF_USERS["prt"][0])
            version = plan_services.plan_version_start(province=Province.objects.get(code="PV26"), by=prt)
        return {"pk": version.pk, "path": reverse("plans:version_edit", args=["PV26", version.number])}

    def start_mailing(self) -> int:
        """A mailing to 5,000 confirmed subscribers of general news (topped up when the seed has fewer)."""
        have = Subscription.objects.filter(general_news=True, confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        missing = MAILING_RECIPIENTS - have.count()
        if missing > 0:
            now = timezone.now()
            Subscription.objects.bulk_create(
                [
                    Subscription(
                        email=f"chaos{n:05d}@{scenarios.SUBMISSION_EMAIL_DOMAIN}", general_news=True, confirmed_at=now
                    )
                    for n in range(missing)
                ],
                ignore_conflicts=True,
            )
        subject = f"Chaos-mailing {datetime.now(UTC):%Y-%m-%d %H:%M:%S}"
        mailing = Mailing.objects.create(
            subject=subject, body="De **chaos-mailing** aan alle abonnees.", audience_general=True
        )
        mailing_send(mailing=mailing, by=None)
        total = mailing.recipients.count()
        self.log(f"mailing {mailing.pk} aan {total} ontvangers gestart")
        return mailing.pk
