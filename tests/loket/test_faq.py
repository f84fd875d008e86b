"""FAQ from an answered question: one action, anonymised, linked, then edited and published."""

import re

import pytest
from django.urls import reverse

from loket.core.anonymise import anonymise_text
from loket.core.models import Theme
from loket.publications.models import PublicationKind, PublicationStatus
from tests.loket.factories import make_question

pytestmark = pytest.mark.django_db


def test_faq_from_answered_question_leaves_out_identifying_details(client_for, users):
    question = make_question(by=users["kernteam"])
    question.themes.add(*Theme.objects.all()[:1])
    client = client_for("kernteam")
    response = client.post(reverse("questions:faq_from_question", kwargs={"question_pk": question.pk}))
    question.refresh_from_db()
    faq = question.faq_publication
    assert response.status_code == 302 and response["Location"] == reverse(
        "loket:publication_edit", kwargs={"pk": faq.pk}
    )
    assert faq.kind == PublicationKind.FAQ and faq.status == PublicationStatus.DRAFT
    text = f"{faq.title}\n{faq.summary}\n{faq.body}"
    for secret in ("Jan", "Vries", "jan.devries", "06-12345678", "Zeist", "gemeente-utrecht"):
        assert secret.lower() not in text.lower(), secret
    assert "leegstaand kantoor als tijdelijke opvanglocatie" in faq.body
    assert "als het bestemmingsplan het toelaat" in faq.body  # the latest answer
    assert list(faq.themes.all()) == list(question.themes.all())

    # one action: a second click returns the same draft
    client.post(reverse("questions:faq_from_question", kwargs={"question_pk": question.pk}))
    assert type(faq).objects.filter(kind=PublicationKind.FAQ).count() == 1

    # the core team edits and publishes it
    client.post(reverse("loket:publication_publish", kwargs={"pk": faq.pk}))
    faq.refresh_from_db()
    assert faq.status == PublicationStatus.PUBLISHED
    assert faq.title in client_for(None).get(reverse("loket:publications"), {"soort": "faq"}).content.decode()


def test_unanswered_question_gives_a_message_not_an_error(client_for):
    question = make_question(answered=False)
    response = client_for("kernteam").post(reverse("questions:faq_from_question", kwargs={"question_pk": question.pk}))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.faq_publication is None


@pytest.mark.parametrize(("role", "expected"), [(None, 302), ("prt_utrecht", 403), ("lrt", 403), ("expert", 403)])
def test_only_core_team_makes_faq(client_for, role, expected):
    question = make_question()
    response = client_for(role).post(reverse("questions:faq_from_question", kwargs={"question_pk": question.pk}))
    assert response.status_code == expected
    question.refresh_from_db()
    assert question.faq_publication is None


def test_faq_from_unknown_question_is_404_and_get_not_allowed(client_for):
    client = client_for("kernteam")
    assert client.post(reverse("questions:faq_from_question", kwargs={"question_pk": 999999})).status_code == 404
    assert client.get(reverse("questions:faq_from_question", kwargs={"question_pk": 1})).status_code == 405


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Mail naar p.jansen@coa.nl of bel +31 (0)30 123 45 67.", ["p.jansen@coa.nl", "123 45 67"]),
        ("Bel 030-1234567 of 0612345678.", ["030-1234567", "0612345678"]),
        ("Met vriendelijke groet, Petra van Dijk", ["Petra", "Dijk"]),
        ("Ons adres is 3511 AB Utrecht, zie https://intranet.example/petra", ["3511 AB", "intranet"]),
    ],
)
def test_anonymise_text(text, gone):
    result = anonymise_text(text, names=["Petra van Dijk"], organisations=["Gemeente Houten"])
    for item in gone:
        assert item not in result
    assert anonymise_text("In 2026 zijn 1200 plaatsen nodig.", names=[], organisations=[]) == (
        "In 2026 zijn 1200 plaatsen nodig."
    )


def test_faq_button_carries_a_key_and_a_post_without_it_makes_nothing(client_for, users):
    question = make_question(by=users["kernteam"])
    client = client_for("kernteam")
    detail = reverse("questions:detail", kwargs={"pk": question.pk})
    url = reverse("questions:faq_from_question", kwargs={"question_pk": question.pk})
    page = client.get(detail).content.decode()
    assert re.search(rf'action="{url}"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"[^>]*>'
                     r'<input type="hidden" name="submission_key" value="[0-9a-f]{32}"', page)  # fmt: skip
    response = client.post(url, {"submission_key": ""}, follow=True)
    assert "Het formulier is niet compleet aangekomen of is verlopen." in response.content.decode()
    question.refresh_from_db()
    assert question.faq_publication is None
