"""Publications: the public list and detail pages, drafts and future dates, framework versions and
validity, attachments with content checks, the Atom feed, and the core team's pages."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from loket.core.models import Theme
from loket.publications.models import Publication, PublicationKind, PublicationStatus
from loket.publications.services import (
    publication_attachment_add,
    publication_create,
    publication_publish,
    publication_update,
)
from loket.publications.tasks import remind_expiring_frameworks
from tests.loket.factories import PublicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes(extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_list_shows_published_only_and_filters_by_kind_theme_province(client, utrecht):
    theme = Theme.objects.filter(parent__isnull=True).first()
    kader = PublicationFactory(kind=PublicationKind.FRAMEWORK, title="Kader gemeentelijke opvang")
    kader.themes.add(theme)
    PublicationFactory(kind=PublicationKind.LESSONS, title="Ervaringen Utrecht", province=utrecht)
    PublicationFactory(title="Concepttekst", status=PublicationStatus.DRAFT)
    PublicationFactory(title="Pas volgende week", published_at=timezone.now() + timedelta(days=7))
    PublicationFactory(title="Ingetrokken stuk", status=PublicationStatus.WITHDRAWN)

    page = client.get(reverse("loket:publications")).content.decode()
    assert "Kader gemeentelijke opvang" in page and "Ervaringen Utrecht" in page
    assert "Concepttekst" not in page and "Pas volgende week" not in page and "Ingetrokken stuk" not in page

    page = client.get(reverse("loket:publications"), {"soort": "kader"}).content.decode()
    assert "Kader gemeentelijke opvang" in page and "Ervaringen Utrecht" not in page
    page = client.get(reverse("loket:publications"), {"thema": theme.code}).content.decode()
    assert "Kader gemeentelijke opvang" in page and "Ervaringen Utrecht" not in page
    page = client.get(reverse("loket:publications"), {"provincie": "PV26"}).content.decode()
    assert "Ervaringen Utrecht" in page and "Kader gemeentelijke opvang" not in page


def test_list_sorts_by_title(client):
    PublicationFactory(title="Zeeland bericht")
    PublicationFactory(title="Achterhoek bericht")
    page = client.get(reverse("loket:publications"), {"sorteer": "titel"}).content.decode()
    assert page.index("Achterhoek bericht") < page.index("Zeeland bericht")
    page = client.get(reverse("loket:publications"), {"sorteer": "-titel"}).content.decode()
    assert page.index("Zeeland bericht") < page.index("Achterhoek bericht")


def test_bad_filter_values_never_give_an_error(client):
    for params in ({"soort": "onzin"}, {"thema": "X" * 300}, {"provincie": "PV99"}, {"page": "abc"}, {"sorteer": "x"}):
        assert client.get(reverse("loket:publications"), params).status_code == 200


def test_future_publication_appears_when_its_date_comes(client):
    publication = PublicationFactory(title="Later nieuws", published_at=timezone.now() + timedelta(hours=2))
    url = reverse("loket:publication_detail", kwargs={"slug": publication.slug})
    assert client.get(url).status_code == 404
    Publication.objects.filter(pk=publication.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(url).status_code == 200


def test_drafts_are_visible_to_the_core_team_only(client_for):
    draft = PublicationFactory(title="Nog niet klaar", status=PublicationStatus.DRAFT, published_at=None)
    url = reverse("loket:publication_detail", kwargs={"slug": draft.slug})
    assert client_for(None).get(url).status_code == 404
    assert client_for("prt_utrecht").get(url).status_code == 404
    response = client_for("kernteam").get(url)
    assert response.status_code == 200 and "Alleen het kernteam ziet deze pagina" in response.content.decode()


def test_detail_renders_markdown_safely(client):
    publication = PublicationFactory(body="## Regels\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))")
    html = client.get(reverse("loket:publication_detail", kwargs={"slug": publication.slug})).content.decode()
    assert "<h2>Regels</h2>" in html  # the first heading sits right under the page's h1
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript' not in html


def test_framework_versions_keep_previous_text_readable(client, users):
    kernteam = users["kernteam"]
    kader = publication_create(
        data={
            "kind": PublicationKind.FRAMEWORK,
            "title": "Kader flexibele opvang",
            "body": "Oude regel: 300 plaatsen.",
        },
        by=kernteam,
    )
    publication_publish(publication=kader, by=kernteam)
    kader = publication_update(
        publication=kader,
        data={"body": "Nieuwe regel: 250 plaatsen.", "valid_until": date.today() + timedelta(days=400)},
        by=kernteam,
        change_note="Norm aangepast",
    )
    assert kader.version == 2
    assert list(kader.revisions.order_by("version").values_list("version", flat=True)) == [1, 2]
    page = client.get(reverse("loket:publication_detail", kwargs={"slug": kader.slug})).content.decode()
    assert "Nieuwe regel" in page and "gewijzigd op" in page and "Versie 1" in page
    old = client.get(reverse("loket:publication_revision", kwargs={"slug": kader.slug, "version": 1})).content.decode()
    assert "Oude regel: 300 plaatsen." in old and "U leest versie 1" in old
    # a draft is edited in place: no new version
    draft = publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Concept kader", "body": "a"}, by=kernteam
    )
    draft = publication_update(publication=draft, data={"body": "b"}, by=kernteam)
    assert draft.version == 1 and draft.revisions.get().body == "b"


def test_expired_framework_shows_a_notice(client):
    kader = PublicationFactory(
        kind=PublicationKind.FRAMEWORK,
        valid_from=date.today() - timedelta(days=400),
        valid_until=date.today() - timedelta(days=1),
    )
    page = client.get(reverse("loket:publication_detail", kwargs={"slug": kader.slug})).content.decode()
    assert "geldt niet meer" in page and "Verlopen" in page
    assert "Verlopen" in client.get(reverse("loket:publications")).content.decode()


def test_core_team_is_reminded_of_expiring_frameworks_once(mailoutbox, users):
    PublicationFactory(
        kind=PublicationKind.FRAMEWORK, title="Bijna verlopen", valid_until=date.today() + timedelta(days=20)
    )
    PublicationFactory(
        kind=PublicationKind.FRAMEWORK, title="Nog lang geldig", valid_until=date.today() + timedelta(days=90)
    )
    assert remind_expiring_frameworks() == 1
    assert len(mailoutbox) == 1
    assert "Bijna verlopen" in mailoutbox[0].body and "Nog lang geldig" not in mailoutbox[0].body
    assert set(mailoutbox[0].to) == {users["kernteam"].email, users["kernteam2"].email}
    assert remind_expiring_frameworks() == 0  # once per end date
    assert len(mailoutbox) == 1


def test_core_team_creates_edits_and_publishes_through_pages(client_for):
    client = client_for("kernteam")
    theme = Theme.objects.first()
    response = client.post(
        reverse("loket:publication_create"),
        {
            "kind": "nieuws",
            "title": "Nieuwe ronde prognose",
            "summary": "Kort",
            "body": "**Tekst**",
            "themes": [theme.pk],
        },
    )
    publication = Publication.objects.get(title="Nieuwe ronde prognose")
    assert response.status_code == 302 and publication.status == PublicationStatus.DRAFT
    response = client.post(reverse("loket:publication_publish", kwargs={"pk": publication.pk}), {})
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED and publication.published_at <= timezone.now()
    # a future date publishes later
    later = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("loket:publication_publish", kwargs={"pk": publication.pk}), {"published_at": later})
    publication.refresh_from_db()
    assert publication.published_at > timezone.now()
    assert "Nieuwe ronde prognose" not in client_for(None).get(reverse("loket:publications")).content.decode()


def test_hostile_body_is_refused_with_a_message(client_for):
    client = client_for("kernteam")
    response = client.post(
        reverse("loket:publication_create"),
        {"kind": "nieuws", "title": "Gevaarlijk", "body": "<script>alert(1)</script>"},
    )
    assert response.status_code == 200
    assert "HTML is niet toegestaan" in response.content.decode()
    assert not Publication.objects.filter(title="Gevaarlijk").exists()


def test_attachments_are_checked_and_served_through_a_view(client_for, users):
    publication = PublicationFactory()
    kernteam = client_for("kernteam")
    url = reverse("loket:publication_attachment_add", kwargs={"pk": publication.pk})
    kernteam.post(url, {"file": SimpleUploadedFile("../../Kader 2026.pdf", PDF, content_type="application/pdf")})
    kernteam.post(url, {"file": SimpleUploadedFile("nep.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")})
    kernteam.post(
        url, {"file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")}
    )
    attachments = list(publication.attachments.all())
    assert [a.original_name for a in attachments] == ["Kader 2026.pdf"]  # one safe_filename: spaces stay
    assert attachments[0].file.name.startswith("publicaties/") and "Kader" not in attachments[0].file.name

    response = client_for(None).get(
        reverse("loket:publication_attachment", kwargs={"slug": publication.slug, "pk": attachments[0].pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("plan.docx", docx_bytes(), True),
        ("plan.docx", docx_bytes({"word/vbaProject.bin": "macro"}), False),
        ("plan.docx", docx_bytes({"../../etc/passwd": "x"}), False),
        ("plan.xlsx", docx_bytes(), False),  # a Word file called .xlsx
        ("plan.docx", b"PK\x03\x04 broken zip", False),
        ("cijfers.csv", b"provincie;plaatsen\nUtrecht;100\n", True),
        ("cijfers.csv", b"\x00\x01\x02binary", False),
        ("leeg.pdf", b"", False),
    ],
)
def test_attachment_content_checks(name, content, ok, users):
    publication = PublicationFactory()
    upload = SimpleUploadedFile(name, content)
    if ok:
        assert publication_attachment_add(publication=publication, upload=upload, by=users["kernteam"]).pk
    else:
        with pytest.raises(ValidationError):
            publication_attachment_add(publication=publication, upload=upload, by=users["kernteam"])


def test_attachment_too_large_is_refused(settings, users):
    settings.MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(ValidationError, match="te groot"):
        publication_attachment_add(
            publication=PublicationFactory(), upload=SimpleUploadedFile("a.pdf", PDF + b" " * 200), by=users["kernteam"]
        )


def test_attachment_of_a_draft_is_not_public(client_for, users):
    draft = PublicationFactory(status=PublicationStatus.DRAFT)
    attachment = publication_attachment_add(
        publication=draft, upload=SimpleUploadedFile("a.pdf", PDF), by=users["kernteam"]
    )
    url = reverse("loket:publication_attachment", kwargs={"slug": draft.slug, "pk": attachment.pk})
    assert client_for(None).get(url).status_code == 404
    assert client_for("kernteam").get(url).status_code == 200


def test_atom_feed_lists_what_is_new(client):
    PublicationFactory(title="Nieuw kader gepubliceerd", kind=PublicationKind.FRAMEWORK)
    PublicationFactory(title="Geheim concept", status=PublicationStatus.DRAFT)
    response = client.get(reverse("loket:publications_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Nieuw kader gepubliceerd" in body and "Geheim concept" not in body


@pytest.mark.parametrize("rows", [10, 500])
def test_publication_list_query_count_is_constant(client, rows, django_assert_max_num_queries):
    themes = list(Theme.objects.all()[:3])
    now = timezone.now()
    Publication.objects.bulk_create(
        [
            Publication(
                kind=PublicationKind.NEWS,
                title=f"Bericht {i}",
                slug=f"bericht-{i}",
                status=PublicationStatus.PUBLISHED,
                published_at=now - timedelta(minutes=i),
            )
            for i in range(rows)
        ]
    )
    through = Publication.themes.through
    through.objects.bulk_create(
        [through(publication_id=p, theme_id=themes[p % 3].pk) for p in Publication.objects.values_list("pk", flat=True)]
    )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("loket:publications"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 500])
def test_manage_list_query_count_is_constant(client_for, rows, django_assert_max_num_queries):
    client = client_for("kernteam")
    Publication.objects.bulk_create(
        [Publication(kind=PublicationKind.NEWS, title=f"B {i}", slug=f"b-{i}") for i in range(rows)]
    )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("loket:publications_manage")).status_code == 200


MANAGE_PAGES = ["loket:publications_manage", "loket:publication_create"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        ("no_role", 403),
        ("prt_utrecht", 403),
        ("cdk_utrecht", 403),
        ("expert", 403),
        ("lrt", 403),
        ("beheerder", 403),
        ("kernteam", 200),
    ],
)
@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_manage_pages_per_role(client_for, role, expected, page):
    response = client_for(role).get(reverse(page))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize(("role", "expected"), [(None, 302), ("prt_utrecht", 403), ("kernteam", 302)])
def test_publish_per_role(client_for, role, expected):
    publication = PublicationFactory(status=PublicationStatus.DRAFT, published_at=None)
    response = client_for(role).post(reverse("loket:publication_publish", kwargs={"pk": publication.pk}))
    assert response.status_code == expected
    publication.refresh_from_db()
    assert (publication.status == PublicationStatus.PUBLISHED) == (role == "kernteam")


@pytest.mark.parametrize("role", [None, "prt_utrecht", "kernteam", "lrt"])
def test_public_pages_open_to_everyone(client_for, role):
    publication = PublicationFactory()
    for url in (
        reverse("loket:publications"),
        reverse("loket:publication_detail", kwargs={"slug": publication.slug}),
        reverse("loket:publications_feed"),
        reverse("loket:search") + "?q=tekst",
        reverse("loket:subscribe"),
        reverse("loket:contact"),
    ):
        assert client_for(role).get(url).status_code == 200, url


def test_unknown_ids_give_404(client_for):
    client = client_for("kernteam")
    assert client.get(reverse("loket:publication_edit", kwargs={"pk": 999999})).status_code == 404
    assert client.get(reverse("loket:publication_detail", kwargs={"slug": "bestaat-niet"})).status_code == 404
    assert client.get("/publicaties/bestaat-niet/versies/3/").status_code == 404
    assert client.get(reverse("loket:mailing_detail", kwargs={"pk": 999999})).status_code == 404


def test_admin_edit_of_a_framework_keeps_revisions(client_for, users):
    kader = publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Kader admin", "body": "v1"}, by=users["kernteam"]
    )
    publication_publish(publication=kader, by=users["kernteam"])
    client = client_for("kernteam")
    url = reverse("admin:loket_publication_change", args=[kader.pk])
    assert client.get(url).status_code == 200
    kader.refresh_from_db()
    data = {
        "kind": "kader",
        "title": "Kader admin",
        "slug": kader.slug,
        "summary": "",
        "body": "v2",
        "status": "gepubliceerd",
        "published_at_0": timezone.localtime(kader.published_at).strftime("%d-%m-%Y"),
        "published_at_1": timezone.localtime(kader.published_at).strftime("%H:%M:%S"),
        "revisions-TOTAL_FORMS": "1",
        "revisions-INITIAL_FORMS": "1",
        "revisions-0-id": str(kader.revisions.get().pk),
        "revisions-0-publication": str(kader.pk),
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-INITIAL_FORMS": "1",
        "status_changes-0-id": str(kader.status_changes.get().pk),
        "status_changes-0-publication": str(kader.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    kader.refresh_from_db()
    assert kader.version == 2 and kader.body == "v2"
    assert kader.revisions.get(version=1).body == "v1"
    data["body"] = "<script>alert(1)</script>"
    assert client.post(url, data).status_code == 200  # refused with a message
