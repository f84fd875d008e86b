"""Every loket page renders with the demo content, for the roles that may open it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from loket.mailings.models import Mailing
from loket.publications.models import Publication, PublicationKind

pytestmark = pytest.mark.django_db


def test_pages_render_with_demo_content(client_for):
    call_command("load_demo")
    kader = Publication.objects.filter(kind=PublicationKind.FRAMEWORK, revisions__version=1).first()
    mailing = Mailing.objects.first()
    draft = Mailing.objects.create(subject="Concept", body="Tekst", audience_general=True)
    core = client_for("kernteam")
    for url in (
        reverse("loket:home"),
        reverse("loket:publications") + "?soort=kader",
        reverse("loket:publication_detail", kwargs={"slug": kader.slug}),
        reverse("loket:publication_revision", kwargs={"slug": kader.slug, "version": 1}),
        reverse("loket:search") + "?q=opvanglocaties",
        reverse("loket:publications_manage"),
        reverse("loket:publication_create"),
        reverse("loket:publication_edit", kwargs={"pk": kader.pk}),
        reverse("loket:mailings"),
        reverse("loket:mailing_create"),
        reverse("loket:mailing_detail", kwargs={"pk": mailing.pk}) + "?status=mislukt",
        reverse("loket:mailing_detail", kwargs={"pk": draft.pk}),
        reverse("loket:mailing_edit", kwargs={"pk": draft.pk}),
        reverse("loket:profile"),
        reverse("loket:contact"),
        reverse("loket:subscribe"),
        reverse("admin:loket_mailing_change", args=[mailing.pk]),
        reverse("admin:loket_subscription_changelist"),
    ):
        response = core.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1 or url.startswith("/beheer/"), url
    page = core.get(reverse("loket:search") + "?q=opvanglocaties").content.decode()
    assert "Kader flexibele opvanglocaties" in page
    # a sent mailing cannot be edited
    assert core.get(reverse("loket:mailing_edit", kwargs={"pk": mailing.pk})).status_code == 302
    partner = client_for("prt_utrecht")
    assert partner.get(reverse("loket:profile")).status_code == 200
