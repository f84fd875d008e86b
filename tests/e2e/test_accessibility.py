"""axe-core with the WCAG 2.2 AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa, and axe's best
practices; see `assert_accessible` in conftest.py) on every main page, as each role that uses it: no
violation at all, of any impact. The moderate ones this once let through were landmark-unique (scroll
regions of tables that all had the same name) and heading-order (Markdown headings that skipped a level);
on 2 December 2026 six of the eight roles met one of them. The same pages are walked at 1280 and 390 px
wide in test_layout.py."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from experts.models import Expert, Referral
from loket.core.roles import Role
from loket.publications.consultations.models import Consultation
from loket.publications.consultations.services import comment_add, consultation_open
from loket.publications.models import Publication, PublicationKind
from loket.publications.services import publication_create
from monitoring.models import LrtMeeting, Signal
from plans.models import PlanVersion, PrognosisRound
from questions.models import Question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def consultation_path() -> str:
    """The consultation page of a draft kader out for consultation to the partners (made once: the demo has none),
    with one comment of the PRT-lid of Utrecht. Its text skips a heading level, as authors do."""
    consultation = Consultation.objects.select_related("publication").order_by("pk").first()
    if consultation is None:
        core = get_user_model().objects.get(username="kernteam")
        draft = publication_create(
            data={
                "kind": PublicationKind.FRAMEWORK,
                "title": "Kader locatiekeuze flexibele opvang",
                "summary": "Criteria",
                # the author skips a level ("#" then "###"): the page must not (axe heading-order)
                "body": "Inleiding.\n\n# Criteria\n\nEen locatie ligt binnen 15 kilometer van een station.\n\n"
                "### Afstand tot een school\n\nHoogstens 5 kilometer.\n",
            },
            by=core,
        )
        consultation = consultation_open(
            publication=draft,
            closes_on=timezone.localdate() + dt.timedelta(days=14),
            roles=[Role.PRT, Role.CDK],
            by=core,
        )
        prt = get_user_model().objects.get(username="prt-utrecht")
        comment_add(consultation=consultation, user=prt, text="Noem ook de rol van de CdK.", anchor="")
    return f"/publicaties/{consultation.publication.slug}/consultatie/"


def pages_for(role: str) -> list[str]:
    question = Question.objects.order_by("-received_at").first()
    utrecht = PlanVersion.objects.filter(plan__province__code="PV26").order_by("-number").first()
    signal = Signal.objects.order_by("-pk").first()
    meeting = LrtMeeting.objects.order_by("-date").first()
    prognosis = PrognosisRound.objects.order_by("-reference_date").first()
    plans = [
        "/plannen/",
        "/plannen/PV26/",
        f"/plannen/PV26/v{utrecht.number}/",
        "/plannen/capaciteit/",
        "/plannen/prognose/",
        f"/plannen/prognose/{prognosis.pk}/",
    ]
    monitoring = ["/monitoring/", "/monitoring/matrix/", f"/monitoring/signalen/{signal.pk}/"]
    comments = f"/plannen/PV26/v{utrecht.number}/opmerkingen/"
    publication = Publication.objects.published().first()
    if role == "anonymous":
        return [
            "/",
            "/vragen/stellen/",
            "/deskundigen/",
            "/plannen/prognose/",
            "/publicaties/",
            *([f"/publicaties/{publication.slug}/"] if publication else []),
            "/zoeken/?q=opvang",
            "/nieuwsbrief/",
            "/inloggen/",
            "/contact/",
            "/privacy/",
            "/toegankelijkheid/",
            "/api/",
        ]
    if role == "kernteam":
        referral = Referral.objects.order_by("-pk").first()
        expert = Expert.objects.order_by("pk").first()
        return [
            "/kernteam/",
            "/kernteam/vragen/",
            f"/kernteam/vragen/{question.pk}/",
            "/deskundigen/",
            "/kernteam/deskundigen/",
            f"/kernteam/deskundigen/{expert.pk}/",
            reverse("experts:refer", kwargs={"question_pk": question.pk}),
            *([reverse("experts:referral_review", kwargs={"pk": referral.pk})] if referral else []),
            *plans,
            "/plannen/prognose/nieuw/",
            *monitoring,
            "/monitoring/signalen/nieuw/",
            "/monitoring/overleggen/",
            f"/monitoring/overleggen/{meeting.pk}/",
            "/monitoring/planmonitoring/",
            "/monitoring/evaluatie/",
            "/kernteam/publicaties/",
            "/kernteam/consultaties/",
            consultation_path(),
            "/kernteam/lessen/",
            comments,
            "/plannen/ondersteuning/",
            "/kernteam/afsluiten/",
            "/kernteam/mailings/",
            "/zoeken/?q=opvang",
            "/profiel/",
        ]
    if role == "prt-utrecht":
        return [
            "/vragen/",
            "/vragen/stellen/",
            *plans,
            comments,
            "/plannen/ondersteuning/",
            "/plannen/ondersteuning/aanvragen/",
            consultation_path(),
            "/publicaties/lessen/insturen/",
            "/publicaties/lessen/mijn/",
            "/monitoring/",
            "/monitoring/signalen/melden/",
            "/profiel/",
        ]
    if role == "lrt-secretaris":
        return [
            *monitoring,
            "/monitoring/overleggen/",
            f"/monitoring/overleggen/{meeting.pk}/",
            "/monitoring/evaluatie/",
        ]
    if role == "cdk-utrecht":
        return [
            "/vragen/",
            *plans,
            comments,
            "/plannen/ondersteuning/",
            consultation_path(),
            "/monitoring/",
            "/profiel/",
        ]
    if role == "coa-landelijk":
        return [
            "/plannen/",
            "/plannen/PV26/",
            f"/plannen/PV26/v{utrecht.number}/",
            "/plannen/capaciteit/",
            "/profiel/",
        ]
    if role == "deskundige":
        return ["/deskundigen/", "/deskundigen/mijn-profiel/", "/profiel/"]
    if role == "beheerder":
        return ["/", "/deskundigen/", "/plannen/", "/profiel/"]
    raise AssertionError(role)


EVERY_IMPACT = ("minor", "moderate", "serious", "critical")

ROLES = [
    "anonymous",
    "kernteam",
    "prt-utrecht",
    "cdk-utrecht",
    "coa-landelijk",
    "lrt-secretaris",
    "deskundige",
    "beheerder",
]


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_pass_axe_for_the_role_that_uses_them(page, live_url, login_as, assert_accessible, role):
    if role != "anonymous":
        login_as(page, role)
    failures = []
    for path in pages_for(role):
        response = page.goto(live_url(path))
        assert response.status == 200, f"{path}: {response.status}"
        if page.locator("h1").count() != 1:
            failures.append(f"{path}: {page.locator('h1').count()} h1-koppen")
        try:
            assert_accessible(page, impacts=EVERY_IMPACT)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)
