"""Breadcrumbs on every nested page: one include (`includes/breadcrumbs.html`), the trail from the view.

Each page below a list shows `<nav aria-label="Kruimelpad">` with an ordered list: the home page first,
then every level above with a link to it, and the page itself last, without a link and with
`aria-current="page"`. The objects are those of the permission matrix.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from loket.core.formats import short_date
from tests.security.test_permission_matrix import build_loket_objects, build_matrix_objects, url_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix_objects(users):
    return {**build_matrix_objects(users), **build_loket_objects(users)}


class Trail(HTMLParser):
    """The items of the breadcrumb nav: [(text, href or None, aria-current)], and how many navs there are."""

    def __init__(self, html: str):
        super().__init__()
        self.navs = 0
        self.items: list[list] = []
        self.ordered = False
        self._in_nav = False
        self._item = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Kruimelpad":
            self.navs += 1
            self._in_nav = True
        elif self._in_nav and tag == "ol":
            self.ordered = True
        elif self._in_nav and tag == "li":
            self._item = ["", None, attrs.get("aria-current")]
            self.items.append(self._item)
        elif self._item is not None and tag == "a":
            self._item[1] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag == "li":
            self._item = None

    def handle_data(self, data):
        if self._item is not None:
            self._item[0] = (self._item[0] + " " + data.strip()).strip()


HOME = ("Startpagina", "/")


def expected(objs: dict) -> dict:
    """url name -> (role, [(label, url)], current label)."""
    question, version = objs["question"], objs["gelderland_concept"]
    q_detail = reverse("questions:detail", kwargs={"pk": question.pk})
    kern, vragen = ("Kernteam", reverse("loket:dashboard")), ("Vragen", reverse("questions:list"))
    plans = ("Provinciale plannen", reverse("plans:index"))
    plan = ("Plan Gelderland", reverse("plans:plan_detail", kwargs={"province_code": "PV25"}))
    v1 = ("Versie 1", f"/plannen/PV25/v{version.number}/")
    register = ("Signalenregister", reverse("monitoring:register"))
    signal = objs["gelderland_signal"]
    signal_crumb = (signal.title, reverse("monitoring:signal_detail", kwargs={"pk": signal.pk}))
    meeting = objs["meeting"]
    meetings = ("LRT-overleggen", reverse("monitoring:meeting_list"))
    agenda = f"Agenda LRT {short_date(meeting.date)}"
    framework = objs["framework"]
    publications = ("Publicaties", reverse("loket:publications"))
    mailing = objs["mailing"]
    mailings = ("Mailings", reverse("loket:mailings"))
    manage = ("Publicaties beheren", reverse("loket:publications_manage"))
    consultation, lesson = objs["consultation"], objs["lesson"]
    rounds = ("Consultaties", reverse("loket:consultations_manage"))
    prognoses = ("Prognoses", reverse("plans:prognosis"))
    location = objs["gelderland_location"]
    support = ("Praktische ondersteuning", reverse("plans:support"))
    return {
        "questions:detail": ("kernteam", [kern, vragen], question.reference),
        "experts:refer": ("kernteam", [kern, vragen, (question.reference, q_detail)], "Doorverwijzen"),
        "experts:referral_review": (
            "kernteam",
            [kern, vragen, (question.reference, q_detail)],
            "Antwoord van de deskundige beoordelen",
        ),
        "experts:detail": ("kernteam", [kern, ("Deskundigen", reverse("experts:core"))], objs["other_expert"].name),
        "plans:plan_detail": ("prt_gelderland", [plans], "Plan Gelderland"),
        "plans:version_detail": ("prt_gelderland", [plans, plan], "Versie 1"),
        "plans:version_compare": ("prt_gelderland", [plans, plan], "Versies vergelijken"),
        "plans:version_edit": ("prt_gelderland", [plans, plan, v1], "Teksten bewerken"),
        "plans:location_create": ("prt_gelderland", [plans, plan, v1], "Locatie toevoegen"),
        "plans:location_update": ("prt_gelderland", [plans, plan, v1], f"Locatie {location.name} wijzigen"),
        "plans:location_import": ("prt_gelderland", [plans, plan, v1], "Locaties importeren"),
        "plans:version_comments": ("prt_gelderland", [plans, plan, v1], "Opmerkingen"),
        "plans:location_realisation": ("prt_gelderland", [plans, plan, v1], f"Realisatie van {location.name}"),
        "plans:support_create": ("prt_gelderland", [support], "Ondersteuning aanvragen"),
        "plans:support_detail": ("kernteam", [support], f"Aanvraag {objs['gelderland_support'].pk}"),
        "plans:prognosis_detail": ("kernteam", [prognoses], "Peildatum 1 juli 2026"),
        "plans:prognosis_create": ("kernteam", [prognoses], "Nieuwe prognoseronde"),
        "plans:prognosis_update": ("kernteam", [prognoses], "Peildatum 1 juli 2026 wijzigen"),
        "monitoring:signal_detail": ("kernteam", [register], signal.title),
        "monitoring:signal_update": ("kernteam", [register, signal_crumb], "Bewerken"),
        "monitoring:signal_escalate": ("kernteam", [register, signal_crumb], "Escaleren naar de LRT"),
        "monitoring:signal_create": ("kernteam", [register], "Nieuw signaal"),
        "monitoring:signal_report": ("prt_gelderland", [register], "Signaal melden"),
        "monitoring:meeting_detail": ("lrt", [meetings], agenda),
        "monitoring:meeting_create": ("lrt", [meetings], "Nieuw LRT-overleg"),
        "monitoring:decision": (
            "lrt",
            [meetings, (agenda, reverse("monitoring:meeting_detail", kwargs={"pk": meeting.pk}))],
            "Besluit vastleggen",
        ),
        "monitoring:stage_deadlines": (
            "kernteam",
            [("Planmonitoring", reverse("monitoring:plan_monitoring"))],
            "Termijnen per fase",
        ),
        "loket:publication_detail": (None, [publications], framework.title),
        "loket:publication_revision": (
            None,
            [publications, (framework.title, reverse("loket:publication_detail", kwargs={"slug": framework.slug}))],
            f"Versie {framework.version}",
        ),
        "loket:publication_create": ("kernteam", [kern, manage], "Nieuwe publicatie"),
        "loket:publication_edit": ("kernteam", [kern, manage], f"{framework.title} bewerken"),
        "loket:mailing_detail": ("kernteam", [kern, mailings], mailing.subject),
        "loket:mailing_create": ("kernteam", [kern, mailings], "Nieuwe mailing"),
        "loket:mailing_edit": (
            "kernteam",
            [kern, mailings, (mailing.subject, reverse("loket:mailing_detail", kwargs={"pk": mailing.pk}))],
            "Wijzigen",
        ),
        # issue 15: consultation rounds and lessons from the field
        "loket:consultation": ("prt_utrecht", [publications], f"Consultatie: {consultation.title}"),
        "loket:consultation_comment_edit": (
            "prt_utrecht",
            [
                publications,
                (
                    f"Consultatie: {consultation.title}",
                    reverse("loket:consultation", kwargs={"slug": consultation.publication.slug}),
                ),
            ],
            "Reactie wijzigen",
        ),
        "loket:consultation_manage": ("kernteam", [kern, rounds], consultation.title),
        "loket:consultation_open": ("kernteam", [kern, rounds], f"Consultatie openen: {consultation.title}"),
        "loket:lesson_submit": (
            "prt_utrecht",
            [publications, ("Mijn lessen", reverse("loket:lessons_mine"))],
            "Les insturen",
        ),
        "loket:lesson_mine": (
            "prt_utrecht",
            [publications, ("Mijn lessen", reverse("loket:lessons_mine"))],
            lesson.title,
        ),
        "loket:lesson_manage": (
            "kernteam",
            [kern, ("Ingestuurde lessen", reverse("loket:lessons_manage"))],
            lesson.title,
        ),
    }


NESTED = [
    "questions:detail",
    "experts:refer",
    "experts:referral_review",
    "experts:detail",
    "plans:plan_detail",
    "plans:version_detail",
    "plans:version_compare",
    "plans:version_edit",
    "plans:location_create",
    "plans:location_update",
    "plans:location_import",
    "plans:version_comments",
    "plans:location_realisation",
    "plans:support_create",
    "plans:support_detail",
    "plans:prognosis_detail",
    "plans:prognosis_create",
    "plans:prognosis_update",
    "monitoring:signal_detail",
    "monitoring:signal_update",
    "monitoring:signal_escalate",
    "monitoring:signal_create",
    "monitoring:signal_report",
    "monitoring:meeting_detail",
    "monitoring:meeting_create",
    "monitoring:decision",
    "monitoring:stage_deadlines",
    "loket:publication_detail",
    "loket:publication_revision",
    "loket:publication_create",
    "loket:publication_edit",
    "loket:mailing_detail",
    "loket:mailing_create",
    "loket:mailing_edit",
    "loket:consultation",
    "loket:consultation_comment_edit",
    "loket:consultation_manage",
    "loket:consultation_open",
    "loket:lesson_submit",
    "loket:lesson_mine",
    "loket:lesson_manage",
]


def test_every_nested_page_shows_the_trail_with_links_to_every_level_above(client_for, matrix_objects):
    """One pass over all nested pages (the matrix objects are built once)."""
    failures = []
    for name, (role, parents, current) in expected(matrix_objects).items():
        response = client_for(role).get(url_for(name, matrix_objects))
        trail = Trail(response.content.decode())
        got = [(text, href) for text, href, _ in trail.items]
        want = [HOME, *parents, (current, None)]
        arias = [aria for *_, aria in trail.items]
        if response.status_code != 200 or trail.navs != 1 or not trail.ordered or got != want:
            failures.append(f"{name}: {response.status_code}, {trail.navs} nav(s), {got} != {want}")
        elif arias != [None] * (len(parents) + 1) + ["page"]:
            failures.append(f"{name}: aria-current {arias}")
    assert not failures, "\n".join(failures)
    assert set(expected(matrix_objects)) == set(NESTED)


def test_top_level_pages_have_no_trail(client_for, matrix_objects):
    client = client_for("kernteam")
    for name in ("loket:home", "plans:index", "monitoring:register", "questions:list", "loket:mailings"):
        response = client.get(url_for(name, matrix_objects))
        assert response.status_code == 200
        assert Trail(response.content.decode()).navs == 0, name
