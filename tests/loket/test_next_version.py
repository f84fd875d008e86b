"""The next version of a published kader (issue 15, item 3): the core team starts a draft of the
next version, consults the partners on it while the published version stays public and unchanged,
processes the comments, and publishes the draft as the new version linked to its round, with the
diff since the consulted draft and a mail to the commenters. All through the pages."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from loket.core.markdown import markdown_sections
from loket.core.models import Organisation
from loket.core.roles import Role
from loket.publications.consultations.models import Consultation, ConsultationComment
from loket.publications.consultations.workflow import ConsultationStatus
from loket.publications.models import PublicationDraft, PublicationKind, PublicationRevision
from loket.publications.services import publication_create, publication_publish
from tests.conftest import login, make_user

BODY = """## Criteria

Een locatie ligt binnen 15 km van voorzieningen.

## Proces

Het PRT stelt de lijst vast.
"""


@pytest.fixture
def partners(users):
    return {**users, "vng": make_user("vng-lid", None, None, "VNG"), "ipo": make_user("ipo-lid", None, None, "IPO")}


@pytest.fixture
def published(partners):
    kader = publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Kader locatiekeuze", "summary": "Criteria", "body": BODY},
        by=partners["kernteam"],
    )
    return publication_publish(publication=kader, by=partners["kernteam"])


def urls(kader):
    return {
        name: reverse(f"loket:publication_{name}", kwargs={"pk": kader.pk})
        for name in ("edit", "next_draft", "next_draft_start", "next_draft_publish", "next_draft_discard")
    }


def public_page(client, kader) -> str:
    client.logout()
    return client.get(reverse("loket:publication_detail", kwargs={"slug": kader.slug})).content.decode()


def test_consult_and_publish_the_next_version_of_a_published_kader(
    published, partners, client, django_capture_on_commit_callbacks
):
    core, url = partners["kernteam"], urls(published)
    login(client, core)
    # Without a draft of the next version, a published kader cannot be consulted (clear Dutch message).
    open_url = reverse("loket:consultation_open", kwargs={"pk": published.pk})
    future = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    refused = client.post(open_url, {"closes_on": future, "roles": [Role.PRT.value]}).content.decode()
    assert "Begin eerst een concept van de volgende versie." in refused and not Consultation.objects.exists()
    # The edit page offers the draft; starting it copies the published text.
    assert "Concept volgende versie starten" in client.get(url["edit"]).content.decode()
    response = client.post(url["next_draft_start"])
    assert response.status_code == 302 and response.url == url["next_draft"]
    page = client.get(url["next_draft"]).content.decode()
    assert "Concept versie 2: Kader locatiekeuze" in page and "15 km" in page
    new_body = BODY.replace("15 km", "20 km")
    response = client.post(
        url["next_draft"],
        {"title": "Kader locatiekeuze", "summary": "Criteria", "body": new_body, "change_note": "Afstand herzien"},
    )
    assert response.status_code == 302
    page = client.get(url["next_draft"]).content.decode()
    assert '<ins><span class="rhc-visually-hidden">[toegevoegd:] </span>20</ins>' in page  # against version 1
    # The published version stays public and unchanged; visitors never see the draft.
    public = public_page(client, published)
    assert "15 km" in public and "20 km" not in public
    login(client, core)
    # Open a round on the draft: VNG, IPO and every PRT-lid.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            open_url,
            {
                "closes_on": future,
                "roles": [Role.PRT.value],
                "organisations": list(
                    Organisation.objects.filter(code__in=["VNG", "IPO"]).values_list("pk", flat=True)
                ),
            },
        )
    assert response.status_code == 302, response.content.decode()
    consultation = Consultation.objects.get()
    assert consultation.version == 2 and "20 km" in consultation.body
    assert {m.to[0] for m in mail.outbox} >= {"vng-lid@test.example", "ipo-lid@test.example"}
    # An invitee reads the draft (not the published text) and comments on a section.
    login(client, partners["vng"])
    consult_url = reverse("loket:consultation", kwargs={"slug": published.slug})
    page = client.get(consult_url).content.decode()
    assert "20 km" in page
    anchor = next(s.anchor for s in markdown_sections(consultation.body) if "20 km" in s.source)
    assert client.post(consult_url, {"anchor": anchor, "text": "Graag 25 km."}).status_code == 302
    # Someone not invited gets a 404 on the consultation draft; a visitor too.
    login(client, partners["expert"])
    assert client.get(consult_url).status_code == 404
    client.logout()
    assert client.get(consult_url).status_code in (302, 404)
    # Publishing is refused while the round is open.
    login(client, core)
    response = client.post(url["next_draft_publish"], follow=True)
    assert "Op dit concept loopt nog een consultatie." in response.content.decode()
    assert published.__class__.objects.get(pk=published.pk).version == 1
    # Process: answer the comment and close the round.
    comment = ConsultationComment.objects.get()
    answer = reverse("loket:consultation_answer", kwargs={"pk": consultation.pk, "comment_pk": comment.pk})
    client.post(answer, {f"r{comment.pk}-handling": "niet", f"r{comment.pk}-reason": "20 km is de afspraak."})
    client.post(reverse("loket:consultation_close", kwargs={"pk": consultation.pk}))
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    # A last edit after the round, then publish as version 2.
    client.post(
        url["next_draft"],
        {"title": "Kader locatiekeuze", "summary": "Criteria", "body": new_body + "\nDe CdK adviseert.\n"},
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url["next_draft_publish"], follow=True)
    assert "Versie 2 is gepubliceerd." in response.content.decode()
    published.refresh_from_db()
    assert published.version == 2 and "De CdK adviseert." in published.body
    assert not PublicationDraft.objects.exists()
    assert list(PublicationRevision.objects.filter(publication=published).values_list("version", flat=True)) == [
        2,
        1,
    ]
    assert "15 km" in PublicationRevision.objects.get(publication=published, version=1).body  # old text kept
    consultation.refresh_from_db()
    assert consultation.published_version == 2 and "De CdK adviseert." in consultation.published_body
    assert [m.to[0] for m in mail.outbox] == ["vng-lid@test.example"]  # the commenter is told
    # The public page shows version 2, linked to its round, its reactienota and the diff.
    public = public_page(client, published)
    changes_url = reverse("loket:consultation_changes", kwargs={"slug": published.slug, "pk": consultation.pk})
    assert "20 km" in public and changes_url in public and "reactienota.pdf" in public
    changes = client.get(changes_url).content.decode()
    assert "De CdK adviseert." in changes and "versie 2" in changes


def test_the_published_text_is_not_edited_while_a_next_draft_exists(published, partners, client):
    url = urls(published)
    login(client, partners["kernteam"])
    client.post(url["next_draft_start"])
    response = client.post(
        url["edit"], {"kind": PublicationKind.FRAMEWORK, "title": "Kader locatiekeuze", "summary": "x", "body": "y"}
    )
    assert "Er is een concept van de volgende versie." in response.content.decode()
    published.refresh_from_db()
    assert published.body == BODY and published.version == 1
    # A second draft is refused; discarding the draft leaves the published version as it was.
    response = client.post(url["next_draft_start"], follow=True)
    assert "Er is al een concept van de volgende versie." in response.content.decode()
    assert client.post(url["next_draft_discard"]).status_code == 302
    assert not PublicationDraft.objects.exists() and client.get(url["next_draft"]).status_code == 404


def test_bad_input_on_the_draft_gets_a_dutch_message(published, partners, client):
    url = urls(published)
    login(client, partners["kernteam"])
    client.post(url["next_draft_start"])
    response = client.post(
        url["next_draft"],
        {"title": "Kader", "body": "<script>x</script>", "valid_from": "2026-05-01", "valid_until": "2026-04-01"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "De einddatum ligt voor de begindatum." in body
    assert PublicationDraft.objects.get().body == BODY


def test_a_draft_kader_has_no_next_version_and_others_cannot_start_one(partners, client):
    kader = publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Concept", "body": BODY}, by=partners["kernteam"]
    )
    login(client, partners["kernteam"])
    response = client.post(urls(kader)["next_draft_start"], follow=True)
    assert "Dit kader is nog niet gepubliceerd." in response.content.decode()
    for name in ("prt_utrecht", "cdk_utrecht", "coa_landelijk"):
        login(client, partners[name])
        assert client.post(urls(kader)["next_draft_start"]).status_code == 403
    assert not PublicationDraft.objects.exists()
