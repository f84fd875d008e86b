"""Issue 15: the consultation and lesson pages run the same maximum number of SQL queries with few
and with many rounds, comments and lessons (no query per row)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from loket.core.models import Theme
from loket.core.roles import Role
from loket.publications.consultations.services import comment_add, consultation_open
from loket.publications.lessons.services import lesson_submit
from loket.publications.models import PublicationKind
from loket.publications.services import publication_create
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _seed(users, n: int):
    core = users["kernteam"]
    theme = Theme.objects.filter(parent__isnull=False).order_by("code").first()
    body = "\n\n".join(f"## Kop {i}\n\nAlinea {i} met tekst." for i in range(max(3, n // 5)))
    rounds = []
    for i in range(max(1, n // 10)):
        draft = publication_create(
            data={"kind": PublicationKind.FRAMEWORK, "title": f"Kader {i}", "body": body}, by=core
        )
        rounds.append(
            consultation_open(
                publication=draft,
                closes_on=timezone.localdate() + dt.timedelta(days=10),
                roles=[Role.PRT],
                is_open_round=True,
                by=core,
            )
        )
    first = rounds[0]
    for i in range(n):
        author = users["prt_utrecht"] if i % 2 else users["prt_gelderland"]
        comment_add(consultation=first, user=author, text=f"Reactie {i}", anchor=f"h-kop-{i % 3}" if i % 4 else "")
    for i in range(n):
        lesson_submit(
            data={"title": f"Les {i}", "tried": "x", "place": "Houten", "worked": "y"},
            themes=[theme],
            by=users["prt_utrecht"],
        )
    return first


PAGES = [
    ("consultaties kernteam", "kernteam", lambda c: reverse("loket:consultations_manage"), 8),
    ("consultatie verwerken", "kernteam", lambda c: reverse("loket:consultation_manage", kwargs={"pk": c.pk}), 10),
    (
        "consultatie genodigde",
        "prt_utrecht",
        lambda c: reverse("loket:consultation", kwargs={"slug": c.publication.slug}),
        10,
    ),
    (
        "wijzigingen",
        "prt_utrecht",
        lambda c: reverse("loket:consultation_changes", kwargs={"slug": c.publication.slug, "pk": c.pk}),
        6,
    ),
    ("lessen kernteam", "kernteam", lambda c: reverse("loket:lessons_manage"), 8),
    ("mijn lessen", "prt_utrecht", lambda c: reverse("loket:lessons_mine"), 7),
]


@pytest.mark.parametrize("n", [10, 120])
def test_consultation_and_lesson_pages_constant_queries(users, n, django_assert_max_num_queries):
    consultation = _seed(users, n)
    clients = {}
    for name in {p[1] for p in PAGES}:
        clients[name] = login(Client(), users[name])
    for label, who, url, budget in PAGES:
        cache.clear()
        with django_assert_max_num_queries(budget):
            response = clients[who].get(url(consultation))
        assert response.status_code == 200, label
