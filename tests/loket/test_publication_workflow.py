"""The publication workflow: every (from, to) pair through `publication_transition`, the history it
writes, and the pages and admin that change a status only through it."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from loket.publications.models import PublicationKind, PublicationStatusChange
from loket.publications.services import publication_create, publication_publish, publication_transition
from loket.publications.workflow import TRANSITIONS, PublicationStatus
from tests.loket.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("source", "target"), list(itertools.product(PublicationStatus, PublicationStatus)))
def test_every_pair_follows_the_table(users, source, target):
    publication = PublicationFactory(status=source)
    if target in TRANSITIONS[source]:
        publication_transition(publication=publication, to=target, by=users["kernteam"], note="test")
        publication.refresh_from_db()
        assert publication.status == target
        change = PublicationStatusChange.objects.get(publication=publication)
        assert (change.from_status, change.to_status, change.by, change.note) == (
            source,
            target,
            users["kernteam"],
            "test",
        )
    else:
        with pytest.raises(ValidationError) as info:
            publication_transition(publication=publication, to=target, by=users["kernteam"])
        assert "kan niet naar" in info.value.messages[0]
        publication.refresh_from_db()
        assert publication.status == source
        assert not PublicationStatusChange.objects.filter(publication=publication).exists()


def test_every_status_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(PublicationStatus)


def test_publishing_needs_a_text_and_gives_a_date(users):
    empty = PublicationFactory(status=PublicationStatus.DRAFT, body="", summary="", published_at=None)
    with pytest.raises(ValidationError, match="titel en een tekst"):
        publication_transition(publication=empty, to=PublicationStatus.PUBLISHED, by=users["kernteam"])
    empty.refresh_from_db()
    assert (empty.status, empty.published_at) == (PublicationStatus.DRAFT, None)
    assert not empty.status_changes.exists()
    draft = PublicationFactory(status=PublicationStatus.DRAFT, published_at=None)
    publication_transition(publication=draft, to=PublicationStatus.PUBLISHED, by=users["kernteam"])
    draft.refresh_from_db()
    assert draft.published_at is not None and draft.published_at <= timezone.now()


def test_a_new_date_for_a_published_publication_is_not_a_move(users):
    kader = publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Kader", "body": "v1"}, by=users["kernteam"]
    )
    publication_publish(publication=kader, by=users["kernteam"])
    later = timezone.now() + timezone.timedelta(days=3)
    publication_publish(publication=kader, by=users["kernteam"], published_at=later)
    kader.refresh_from_db()
    assert kader.published_at == later
    assert [(c.from_status, c.to_status) for c in kader.status_changes.all()] == [("concept", "gepubliceerd")]


def test_withdrawing_twice_on_the_page_says_why_in_dutch(client_for):
    publication = PublicationFactory(status=PublicationStatus.PUBLISHED)
    client = client_for("kernteam")
    url = reverse("loket:publication_withdraw", kwargs={"pk": publication.pk})
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Een publicatie met status “Ingetrokken” kan niet naar “Ingetrokken”." in response.content.decode()
    assert publication.status_changes.count() == 1


def test_admin_actions_change_the_status_through_the_service(client_for, users):
    draft = PublicationFactory(status=PublicationStatus.DRAFT, published_at=None)
    published = PublicationFactory(status=PublicationStatus.PUBLISHED)
    response = client_for("kernteam").post(
        reverse("admin:loket_publication_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "De status van 1 publicatie is gewijzigd." in page
    assert "met status “Gepubliceerd” kan niet naar “Gepubliceerd”" in page
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    change = draft.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("concept", "gepubliceerd", users["kernteam"])
    assert not published.status_changes.exists()


def test_the_admin_change_form_does_not_change_the_status(client_for, users):
    publication = PublicationFactory(status=PublicationStatus.PUBLISHED, kind=PublicationKind.NEWS)
    client = client_for("kernteam")
    url = reverse("admin:loket_publication_change", args=[publication.pk])
    data = {
        "kind": "nieuws",
        "title": "Nieuwe titel",
        "slug": publication.slug,
        "summary": publication.summary,
        "body": publication.body,
        "status": "concept",  # not a field of the form: ignored
        "published_at_0": timezone.localtime(publication.published_at).strftime("%d-%m-%Y"),
        "published_at_1": timezone.localtime(publication.published_at).strftime("%H:%M:%S"),
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    publication.refresh_from_db()
    assert (publication.title, publication.status) == ("Nieuwe titel", PublicationStatus.PUBLISHED)
