"""Open data (issue 18, item 5): anonymous, read-only, JSON and CSV, paged and filtered; only what
the public pages show (published publications and rounds, adopted plan versions)."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from loket.core.models import LocationType, Theme
from loket.publications.models import PublicationKind, PublicationStatus
from plans import quarters
from plans.selectors import horizon
from plans.workflow import Status
from tests.loket.factories import PublicationFactory, make_round
from tests.plans.factories import add_locations, version_for

pytestmark = pytest.mark.django_db


def test_publications_only_published_newest_first_with_filters(api):
    theme = Theme.objects.order_by("pk").first()
    old = PublicationFactory(title="Oud kader", kind=PublicationKind.FRAMEWORK, themes=[theme])
    old.published_at = timezone.now() - timedelta(days=10)
    old.save()
    PublicationFactory(title="Nieuws van gisteren")
    PublicationFactory(title="Nog een concept", status=PublicationStatus.DRAFT, published_at=None)
    PublicationFactory(title="Morgen pas", published_at=timezone.now() + timedelta(days=1))

    body = api.get(reverse("api:publication-list")).json()
    assert body["count"] == 2
    assert [p["titel"] for p in body["results"]] == ["Nieuws van gisteren", "Oud kader"]
    first = body["results"][1]
    assert first["soort"] == "kader" and first["themas"] == [theme.code]
    assert first["webadres"].endswith(reverse("loket:publication_detail", kwargs={"slug": old.slug}))

    kaders = api.get(reverse("api:publication-list"), {"soort": "kader"}).json()
    assert [p["titel"] for p in kaders["results"]] == ["Oud kader"]
    by_theme = api.get(reverse("api:publication-list"), {"thema": theme.code}).json()
    assert by_theme["count"] == 1
    assert api.get(reverse("api:publication-list"), {"soort": "onzin"}).status_code == 400

    draft = api.get(reverse("api:publication-detail", kwargs={"slug": "nog-een-concept"}))
    assert draft.status_code == 404


def test_prognoses_with_the_split_per_province_as_json_and_csv(api):
    make_round(reference_date=date(2026, 1, 1), national_total=90000, figures={"PV26": 6000, "PV25": 9000})
    make_round(reference_date=date(2026, 7, 1), national_total=96000, figures={"PV26": 6400, "PV25": 8800})
    make_round(reference_date=date(2027, 1, 1), national_total=1, figures={"PV26": 1}, published=False)

    body = api.get(reverse("api:prognosis-list")).json()
    assert [r["peildatum"] for r in body["results"]] == ["2026-07-01", "2026-01-01"]  # no draft
    newest = body["results"][0]
    assert newest["landelijke_opgave"] == 96000
    assert {p["provincie_code"]: p["opgave"] for p in newest["provincies"]} == {"PV25": 8800, "PV26": 6400}

    later = api.get(reverse("api:prognosis-list"), {"peildatum_vanaf": "2026-02-01"}).json()
    assert later["count"] == 1

    csv = api.get(reverse("api:prognosis-list"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert "provincies.provincie_code" in header and "provincies.opgave" in header
    assert len(lines) == 1 + 4  # one row per province per round
    assert any(";PV26;" in line and line.endswith(";6400") for line in lines)
    assert "96.000" not in csv.content.decode()  # exports keep real numbers


def test_capacity_picture_counts_adopted_versions_only(api):
    now = horizon()[0]
    make_round(reference_date=date(2026, 1, 1), national_total=96000, figures={"PV26": 500, "PV25": 800})
    adopted = version_for("PV26", status=Status.ADOPTED)
    add_locations(adopted, 3, capacity=100, first_quarter=now)
    draft = version_for("PV25", status=Status.CONCEPT)
    add_locations(draft, 2, capacity=1000, first_quarter=now)
    label = quarters.label(now)

    rows = api.get(reverse("api:capacity_provinces"), {"kwartaal": label}).json()["results"]
    by_code = {r["provincie_code"]: r for r in rows}
    assert len(rows) == 12
    assert by_code["PV26"] == {
        "kwartaal": label,
        "provincie_code": "PV26",
        "provincie": "Utrecht",
        "planversie": adopted.number,
        "geplande_capaciteit": 300,
        "opgave": 500,
        "verschil": -200,
        "tekort": True,
    }
    assert (
        by_code["PV25"]["geplande_capaciteit"] == 0 and by_code["PV25"]["planversie"] is None
    )  # a draft is no official figure

    typed = api.get(reverse("api:capacity"), {"kwartaal": label, "provincie": "pv26", "locatietype": "AZC"}).json()
    assert typed["count"] == 1
    assert typed["results"][0]["geplande_capaciteit"] == 300 and typed["results"][0]["locatietype_code"] == "AZC"

    everything = api.get(reverse("api:capacity"), {"per_pagina": 1000}).json()
    assert everything["count"] == len(horizon()) * 12 * LocationType.objects.count()

    wrong = api.get(reverse("api:capacity"), {"kwartaal": "2026-K7"})
    assert wrong.status_code == 400
    assert "geen kwartaal" in wrong.json()["kwartaal"][0]


def test_paging(api):
    for i in range(7):
        PublicationFactory(title=f"Bericht {i}")
    first = api.get(reverse("api:publication-list"), {"per_pagina": 5}).json()
    assert first["count"] == 7 and len(first["results"]) == 5 and "pagina=2" in first["next"]
    second = api.get(reverse("api:publication-list"), {"per_pagina": 5, "pagina": 2}).json()
    assert len(second["results"]) == 2 and second["next"] is None
    assert api.get(reverse("api:publication-list"), {"pagina": 99}).status_code == 404


def test_open_data_is_read_only(api, users):
    for name in ("api:publication-list", "api:prognosis-list", "api:capacity"):
        assert api.post(reverse(name), {}, format="json").status_code in (401, 403, 405)


def test_schema_and_documentation_page(client):
    schema = client.get(reverse("api:schema"), {"format": "json"})
    assert schema.status_code == 200
    spec = schema.json()
    assert spec["openapi"].startswith("3.")
    assert (
        "/api/v1/capaciteitsbeeld/" in spec["paths"] and "/api/v1/plannen/{provincie}/locaties/{id}/" in spec["paths"]
    )
    page = client.get(reverse("api:docs")).content.decode()
    assert "API en open data" in page and "/api/v1/prognoses/" in page and "met API-sleutel" in page
    assert "<script" not in page.split("</main>")[0].split("<main")[1]  # no Swagger UI, no inline script


def test_rate_limited_with_retry_after(api, settings):
    settings.LOKET_RATE_LIMITS = {**settings.LOKET_RATE_LIMITS, "api.ip": "3/m"}
    cache.clear()
    codes = [api.get(reverse("api:publication-list")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = api.get(reverse("api:publication-list"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "detail" in refused.json()
