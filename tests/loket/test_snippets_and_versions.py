"""Snippets in search results and suggestions are plain text (Markdown stripped through
loket.core.markdown); the change note of a framework version is shown on its pages."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse

from loket.core.markdown import markdown_to_text
from loket.publications.models import PublicationKind
from loket.publications.services import publication_create, publication_publish, publication_update
from tests.loket.factories import PublicationFactory

pytestmark = pytest.mark.django_db

MARKDOWN = (
    "## Wachtlijst\n\nDe **wachtlijst** voor opvanglocaties staat in [het kader](https://example.nl/kader) "
    "en in _de handreiking_.\n\n- punt een\n- punt twee"
)


def test_markdown_to_text_strips_the_syntax_and_keeps_the_words():
    text = markdown_to_text(MARKDOWN)
    assert text == (
        "Wachtlijst\nDe wachtlijst voor opvanglocaties staat in het kader en in de handreiking.\npunt een\npunt twee"
    )
    assert markdown_to_text("Niet <script>alert(1)</script> uitvoeren & zo") == (
        "Niet <script>alert(1)</script> uitvoeren & zo"
    )  # text, escaped by the template that shows it
    assert markdown_to_text("") == "" and markdown_to_text(None) == ""


def _no_markdown(text: str) -> None:
    for syntax in ("**", "## ", "](https", "[het kader]", "_de handreiking_"):
        assert syntax not in text, syntax


def test_search_snippets_are_plain_text(client):
    PublicationFactory(title="Wachtlijsten in de regio", summary="", body=MARKDOWN)
    page = client.get(reverse("loket:search"), {"q": "wachtlijst"}).content.decode()
    fragment = page.split("Wachtlijsten in de regio", 1)[1].split("</li>", 1)[0]
    assert "<mark>wachtlijst</mark>" in fragment.lower()
    assert "het kader" in fragment
    _no_markdown(fragment)


def test_ask_form_suggestions_are_plain_text(client):
    PublicationFactory(
        kind=PublicationKind.FAQ,
        title="Wachtlijst opvang",
        summary="De **wachtlijst** staat in [het kader](https://example.nl/kader).",
    )
    response = client.get(reverse("questions:suggest"), {"q": "wachtlijst opvanglocaties"})
    data = json.loads(response.content)
    items = data["results"]
    summary = next(s["summary"] for s in items if s["title"] == "Wachtlijst opvang")
    assert summary == "De wachtlijst staat in het kader."


def test_change_note_of_a_framework_version_is_shown(client, users):
    kernteam = users["kernteam"]
    kader = publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Kader flexibele opvang", "body": "Oude regel."}, by=kernteam
    )
    publication_publish(publication=kader, by=kernteam)
    kader = publication_update(
        publication=kader,
        data={"body": "Nieuwe regel.", "valid_until": date.today() + timedelta(days=400)},
        by=kernteam,
        change_note="Norm voor kleine locaties aangepast",
    )
    detail = client.get(reverse("loket:publication_detail", kwargs={"slug": kader.slug})).content.decode()
    assert detail.count("Norm voor kleine locaties aangepast") == 2  # with the version, and in the list of versions
    versions = detail.split("Versiegeschiedenis van dit kader", 1)[1].split("</table>", 1)[0]
    assert "Versie 2" in versions and "geldende versie" in versions and "Versie 1" in versions
    assert "Norm voor kleine locaties aangepast" in versions
    page = client.get(reverse("loket:publication_revision", kwargs={"slug": kader.slug, "version": 2})).content.decode()
    assert "Norm voor kleine locaties aangepast" in page
