"""The half-yearly prognosis update, built on the mailing machinery: one Mailing per round (unique
on the round), one recipient row per person, each with the figures of their own province(s)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loket.core.formats import number
from loket.core.models import Province
from loket.core.roles import Role
from loket.mailings.models import Mailing, MailingKind
from loket.mailings.services import mailing_snapshot, mailing_transition
from loket.mailings.subscriptions import active_subscriptions, opted_out_emails
from loket.mailings.workflow import MailingStatus
from plans.models import PrognosisRound
from plans.selectors import previous_round_for, prognosis_rounds_due_for_mailing
from plans.workflow import RoundStatus


def rounds_due_for_mailing() -> list[int]:
    return list(prognosis_rounds_due_for_mailing().values_list("pk", flat=True))


def previous_round(round_):
    """The round the change is measured against: the same one the prognosis pages show."""
    return previous_round_for(round_)


def _figures(round_) -> dict[int, int]:
    return dict(round_.provinces.values_list("province_id", "figure")) if round_ else {}


def _capacity_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("plans:capacity")


def _change(now: int | None, before: int | None) -> dict:
    if now is None or before is None:
        return {"change": None, "change_text": _("geen vorige ronde")}
    diff = now - before
    sign = "+" if diff > 0 else ""
    return {"change": diff, "change_text": f"{sign}{number(diff)}" if diff else _("gelijk gebleven")}


def prognosis_recipients() -> dict[str, dict]:
    """email -> {"name", "user_id", "province_ids"}: PRT-leden (their province) and confirmed
    subscribers who follow provinces; one entry per address, provinces merged."""
    people: dict[str, dict] = {}
    prt = (
        get_user_model()
        ._default_manager.filter(is_active=True, groups__name=Role.PRT.value, profile__province__isnull=False)
        .exclude(email="")
        .values_list("pk", "email", "first_name", "last_name", "username", "profile__province_id")
        .order_by("pk")
    )
    for pk, email, first, last, username, province_id in prt:
        entry = people.setdefault(
            email.strip().lower(), {"name": f"{first} {last}".strip() or username, "user_id": pk, "province_ids": set()}
        )
        entry["province_ids"].add(province_id)
    subs = active_subscriptions().filter(provinces__isnull=False).values_list("email", "user_id", "provinces")
    for email, user_id, province_id in subs.order_by("pk"):
        entry = people.setdefault(email, {"name": "", "user_id": user_id, "province_ids": set()})
        entry["province_ids"].add(province_id)
    opted_out = set(opted_out_emails().filter(email__in=list(people)))
    return {email: data for email, data in people.items() if email not in opted_out}


def prognosis_update_prepare(*, round_id: int) -> Mailing | None:
    """Create the round's mailing with its recipient rows and start sending, once per round.

    Returns None for a round that is not published. A round already mailed returns its mailing
    (and nothing new happens: the rows that exist are the ones that are sent)."""
    with transaction.atomic():
        published = PrognosisRound.objects.filter(status=RoundStatus.PUBLISHED)
        round_ = published.select_for_update().filter(pk=round_id).first()
        if round_ is None:
            return None
        existing = Mailing.objects.filter(prognosis_round_id=round_.pk).first()
        if round_.mailed_at is not None or existing is not None:
            if round_.mailed_at is None:
                PrognosisRound.objects.filter(pk=round_.pk).update(mailed_at=timezone.now(), mailing_due=False)
            return existing
        before = previous_round(round_)
        figures, previous_figures = _figures(round_), _figures(before)
        names = dict(Province.objects.values_list("pk", "name"))
        reference = date_format(round_.reference_date, "DATE_FORMAT")
        mailing = Mailing.objects.create(
            kind=MailingKind.PROGNOSIS,
            subject=_("Prognose benodigde opvangcapaciteit per %(date)s") % {"date": reference},
            prognosis_round_id=round_.pk,
            context={
                "reference_date": reference,
                "source": round_.source,
                "notes": round_.notes,
                "national": {
                    "figure": round_.national_total,
                    "previous": before.national_total if before else None,
                    "previous_date": date_format(before.reference_date, "DATE_FORMAT") if before else "",
                    **_change(round_.national_total, before.national_total if before else None),
                },
                "capacity_url": _capacity_url(),
            },
        )
        people = {}
        for email, data in prognosis_recipients().items():
            provinces = [
                {
                    "name": names.get(pid, ""),
                    "figure": figures.get(pid),
                    "previous": previous_figures.get(pid),
                    **_change(figures.get(pid), previous_figures.get(pid)),
                }
                for pid in sorted(data["province_ids"], key=lambda p: names.get(p, ""))
                if pid in figures
            ]
            if provinces:
                people[email] = {"name": data["name"], "user_id": data["user_id"], "context": {"provinces": provinces}}
        mailing_snapshot(mailing=mailing, people=people)
        mailing = mailing_transition(
            mailing=mailing, to=MailingStatus.SENDING, by_name=_("Automatisch"), note=_("Prognose-update")
        )
        PrognosisRound.objects.filter(pk=round_.pk).update(mailed_at=timezone.now(), mailing_due=False)
    return mailing
