"""One search box: publications and FAQ for everyone, questions/experts/signals for the core team
only; Dutch full-text search on PostgreSQL, a word search on SQLite."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from loket.core import fulltext
from loket.core.textsearch import bare_form, ts_query, words_of
from loket.portal.search import search_everything
from loket.publications.models import Publication, PublicationKind, PublicationStatus
from loket.publications.selectors import search_publications, suggest_published
from monitoring.models import Signal
from questions.models import Question
from tests.loket.factories import PublicationFactory, make_question

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="alleen op PostgreSQL")


def _kader():
    return PublicationFactory(
        kind=PublicationKind.FRAMEWORK,
        title="Kader flexibele huisvesting",
        summary="Welke eisen gelden voor tijdelijke huisvesting.",
        body="Een opvanglocatie voor kortere tijd moet voldoen aan het bouwbesluit en aan de eisen van het COA.",
    )


def test_words_and_bare_forms():
    assert words_of("Opvanglocaties, in <b>Utrecht</b>!") == ["opvanglocaties", "in", "utrecht"]
    assert bare_form("opvanglocaties") == "opvanglocatie"
    assert bare_form("gemeenten") == "gemeent"
    assert bare_form("coa") == "coa"


def test_search_finds_a_word_form_not_in_the_title(client):
    kader = _kader()
    response = client.get(reverse("loket:search"), {"q": "opvanglocaties"})
    page = response.content.decode()
    assert response.status_code == 200
    assert kader.title in page
    assert "<mark>" in page  # highlighted fragment


def test_search_shows_only_published_to_the_public(client_for):
    PublicationFactory(title="Concept over opvanglocaties", status=PublicationStatus.DRAFT, body="opvanglocatie")
    PublicationFactory(title="Toekomst opvanglocatie", published_at=timezone.now() + timedelta(days=2))
    anonymous = client_for(None).get(reverse("loket:search"), {"q": "opvanglocatie"}).content.decode()
    assert "Concept over opvanglocaties" not in anonymous and "Toekomst opvanglocatie" not in anonymous
    core = client_for("kernteam").get(reverse("loket:search"), {"q": "opvanglocatie"}).content.decode()
    assert "Concept over opvanglocaties" in core


def test_questions_only_for_the_core_team(client_for, users):
    make_question(subject="Opvanglocatie in kantoorpand Zeist")
    for role in (None, "prt_utrecht", "lrt"):
        page = client_for(role).get(reverse("loket:search"), {"q": "kantoorpand"}).content.decode()
        assert "kantoorpand Zeist" not in page
    page = client_for("kernteam").get(reverse("loket:search"), {"q": "kantoorpand"}).content.decode()
    assert "kantoorpand Zeist" in page


def test_search_sections_for_core_team_and_public(users):
    make_question(subject="Opvang in kantoor")
    public = search_everything(users["prt_utrecht"], "kantoor")
    core = search_everything(users["kernteam"], "kantoor")
    assert [key for key, _h, _hits in public.sections] == [
        "publicaties",
        "faq",
        "vragen",
        "deskundigen",
        "signalen",
        "consultaties",
        "planlocaties",
    ]
    assert [key for key, _h, _hits in core.sections] == [
        "publicaties",
        "faq",
        "vragen",
        "deskundigen",
        "signalen",
        "consultaties",
        "planlocaties",
    ]


def test_faq_is_its_own_section_and_fragments_are_escaped(users):
    PublicationFactory(
        kind=PublicationKind.FAQ, title="Mag een kantoor opvang worden?", body="kantoor <script>x</script>"
    )
    results = search_everything(users["no_role"], "kantoor")
    faq = {key: hits for key, _h, hits in results.sections}["faq"]
    assert len(faq) == 1
    assert "<script>" not in faq[0].fragment


def test_empty_and_odd_queries_are_harmless(client):
    for q in ("", "a", "&|!:*()'\\", "' OR 1=1 --", "x" * 1000, "<script>"):
        assert client.get(reverse("loket:search"), {"q": q}).status_code == 200


def test_fallback_ranks_title_above_body():
    in_body = PublicationFactory(title="Algemeen bericht", body="Iets over gezinslocaties.")
    in_title = PublicationFactory(title="Gezinslocaties in de provincie", body="Tekst.")
    hits = {k: h for k, _x, h in search_everything(None, "gezinslocaties").sections}["publicaties"]
    assert [h.title for h in hits] == [in_title.title, in_body.title]


def test_suggest_published_uses_the_search_and_puts_faq_first():
    news = PublicationFactory(kind=PublicationKind.NEWS, title="Nieuws over opvanglocaties")
    faq = PublicationFactory(kind=PublicationKind.FAQ, title="Hoe vind ik een opvanglocatie?")
    PublicationFactory(kind=PublicationKind.FAQ, title="Opvanglocatie concept", status=PublicationStatus.DRAFT)
    found = list(suggest_published("Waar vind ik geschikte opvanglocaties in mijn gemeente?"))
    assert found == [faq, news]
    assert list(suggest_published("")) == []
    assert len(list(suggest_published("opvanglocatie", limit=1))) == 1


@pytest.mark.postgres
@postgres_only
def test_postgres_stemming_and_ranking():
    kader = _kader()
    title_hit = PublicationFactory(title="Opvanglocaties in Gelderland", body="Overzicht.")
    PublicationFactory(title="Iets anders", body="Over huisvesting van statushouders.")
    hits = {k: h for k, _x, h in search_everything(None, "opvanglocaties").sections}["publicaties"]
    assert [h.title for h in hits] == [title_hit.title, kader.title]  # title weighs more than body
    assert hits[0].rank > hits[1].rank
    assert "<mark>" in hits[1].fragment
    # Dutch stemming: "eisen" finds "eis"-forms, "gemeenten" finds "gemeente"
    PublicationFactory(title="Rol van de gemeente", body="De gemeente beslist.")
    found = {k: h for k, _x, h in search_everything(None, "gemeenten").sections}["publicaties"]
    assert "Rol van de gemeente" in [h.title for h in found]


SEARCHABLE = ["loket_publication", "questions_question", "experts_expert", "monitoring_signal"]


@pytest.mark.postgres
@postgres_only
@pytest.mark.parametrize("table", SEARCHABLE)
def test_postgres_stored_document_with_gin_index(table):
    """Every searchable table has a generated tsvector column (Dutch) with a GIN index on it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_generated, generation_expression FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = 'search_document'",
            [table],
        )
        generated, expression = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s", [table, f"{table}_search_gin"]
        )
        (indexdef,) = cursor.fetchone()
    assert generated == "ALWAYS" and "dutch" in expression
    assert "gin" in indexdef.lower() and "search_document" in indexdef


@pytest.mark.postgres
@postgres_only
def test_postgres_document_follows_every_change():
    """The stored document is PostgreSQL's own business: a changed title is found at once."""
    publication = PublicationFactory(title="Eerste titel", body="Tekst.")
    assert not search_publications(Publication.objects.all(), "tijdelijke", headline=False).exists()
    Publication.objects.filter(pk=publication.pk).update(title="Tijdelijke locaties")
    assert list(search_publications(Publication.objects.all(), "tijdelijke", headline=False)) == [publication]


@pytest.mark.postgres
@postgres_only
def test_postgres_search_can_use_the_gin_index():
    _kader()
    with connection.cursor() as cursor:
        # tiny tables: make the planner show whether the GIN index can serve the match at all
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = search_publications(Publication.objects.all(), "opvanglocaties", headline=False).order_by().explain()
    assert "loket_publication_search_gin" in plan
    for model in (Question, Signal):
        rows = model.objects.annotate(document=fulltext.document(model)).filter(
            document=ts_query(["opvang"], any_word=False)
        )
        assert f"{model._meta.db_table}_search_gin" in rows.explain()
