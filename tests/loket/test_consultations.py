"""Consultation on a draft kader (issue 15): open a round for roles and organisations, invitees
comment per section or on the whole, the reminder two working days before closing, processing
(answers, duplicates, no close while a comment is unanswered), the reactienota (PDF, XLSX), the
next published version with its links and diff, the commenters' mail; bad input in Dutch."""

import datetime as dt
import io
import itertools
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from loket.core.markdown import markdown_sections
from loket.core.models import Organisation
from loket.core.roles import Role
from loket.core.workdays import add_working_days
from loket.publications.consultations import manage_views
from loket.publications.consultations.diff import text_diff
from loket.publications.consultations.forms import AnswerForm
from loket.publications.consultations.models import Consultation, ConsultationComment
from loket.publications.consultations.services import (
    comment_add,
    comment_answer,
    comment_update,
    consultation_close,
    consultation_open,
    consultation_transition,
)
from loket.publications.consultations.workflow import TRANSITIONS, ConsultationStatus
from loket.publications.models import PublicationKind
from loket.publications.services import publication_create, publication_publish, publication_update
from loket.publications.tasks import remind_consultations, send_consultation_invitations
from tests.conftest import download, login, make_user

pytestmark = pytest.mark.django_db

BODY = """Dit kader beschrijft hoe provincies locaties kiezen.

## Criteria

Een locatie ligt binnen 15 km van voorzieningen.

Een locatie heeft draagvlak in de gemeente.

## Proces

Het PRT stelt de lijst vast.
"""


@pytest.fixture
def partners(users):
    return {
        **users,
        "vng": make_user("vng-lid", None, None, "VNG"),
        "ipo": make_user("ipo-lid", None, None, "IPO"),
    }


@pytest.fixture
def draft(partners):
    return publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Kader locatiekeuze", "summary": "Criteria", "body": BODY},
        by=partners["kernteam"],
    )


def open_round(draft, partners, *, days=10, is_open_round=False, capture=None):
    return consultation_open(
        publication=draft,
        closes_on=timezone.localdate() + dt.timedelta(days=days),
        roles=[Role.PRT],
        organisations=Organisation.objects.filter(code__in=["VNG", "IPO"]),
        is_open_round=is_open_round,
        introduction="Graag uw reactie op de criteria.",
        by=partners["kernteam"],
    )


def anchor_of(consultation, words: str) -> str:
    return next(s.anchor for s in markdown_sections(consultation.body) if words in s.source)


def test_sections_have_stable_anchors_and_labels():
    sections = markdown_sections(BODY)
    assert [s.anchor for s in sections] == [
        "p1",
        "h-criteria",
        "h-criteria-p1",
        "h-criteria-p2",
        "h-proces",
        "h-proces-p1",
    ]
    assert sections[3].label == "Alinea 2 onder “Criteria”"
    assert [s.anchor for s in markdown_sections(BODY)] == [s.anchor for s in sections]  # same text, same anchors
    assert "<script>" not in "".join(s.html for s in markdown_sections("<script>x</script>\n\n# Kop"))


def test_transitions_table_is_enforced(draft, partners):
    consultation = open_round(draft, partners)
    for source in ConsultationStatus:
        for target in ConsultationStatus:
            Consultation.objects.filter(pk=consultation.pk).update(status=source)
            consultation.comments.all().delete()
            allowed = target in TRANSITIONS[source]
            if allowed:
                consultation_transition(consultation=consultation, to=target, by=partners["kernteam"])
            else:
                with pytest.raises(ValidationError):
                    consultation_transition(consultation=consultation, to=target, by=partners["kernteam"])


def test_open_round_invites_roles_and_organisations_by_mail(
    draft, partners, client, django_capture_on_commit_callbacks
):
    login(client, partners["kernteam"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("loket:consultation_open", kwargs={"pk": draft.pk}),
            {
                "closes_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
                "roles": [Role.PRT.value],
                "organisations": [o.pk for o in Organisation.objects.filter(code__in=["VNG", "IPO"])],
                "introduction": "Reageer uiterlijk over twee weken.",
            },
        )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "loket:consultation_manage", kwargs={"pk": consultation.pk}
    )
    invited = set(consultation.invitees.values_list("user__username", flat=True))
    assert invited == {"prt-utrecht", "prt-gelderland", "vng-lid", "ipo-lid", "no-role"}  # no-role works at VNG
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted(f"{name}@test.example" for name in invited)
    message = mail.outbox[0]
    assert "Kader locatiekeuze" in message.subject and "/publicaties/kader-locatiekeuze/consultatie/" in message.body
    # Each invitation once, however often the task runs.
    assert send_consultation_invitations(consultation.pk) == 0


@pytest.mark.parametrize(
    ("closes_on", "message"),
    [("", "Kies een sluitingsdatum."), ("today", "De sluitingsdatum moet in de toekomst liggen.")],
)
def test_open_round_needs_a_future_closing_date(draft, partners, client, closes_on, message):
    login(client, partners["kernteam"])
    value = timezone.localdate().isoformat() if closes_on == "today" else closes_on
    response = client.post(
        reverse("loket:consultation_open", kwargs={"pk": draft.pk}), {"closes_on": value, "roles": [Role.PRT.value]}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consultation.objects.exists()


def test_open_round_refused_on_a_published_version_or_without_invitees(draft, partners, client):
    login(client, partners["kernteam"])
    url = reverse("loket:consultation_open", kwargs={"pk": draft.pk})
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(url, {"closes_on": future})
    assert "Kies ten minste één rol of organisatie om uit te nodigen." in response.content.decode()
    publication_publish(publication=draft, by=partners["kernteam"])
    response = client.post(url, {"closes_on": future, "roles": [Role.PRT.value]})
    assert "Deze versie is al gepubliceerd. Een consultatie gaat over een conceptversie." in response.content.decode()
    assert not Consultation.objects.exists()


def test_invitee_comments_on_a_section_and_on_the_whole_and_edits(draft, partners, client):
    consultation = open_round(draft, partners)
    login(client, partners["vng"])
    url = reverse("loket:consultation", kwargs={"slug": draft.slug})
    page = client.get(url)
    assert page.status_code == 200
    anchor = anchor_of(consultation, "15 km")
    assert f'id="{anchor}"' in page.content.decode()
    response = client.post(url, {"anchor": anchor, "text": "Maak er 20 km van."})
    assert response.status_code == 302
    client.post(url, {"anchor": "", "text": "Goed kader in het algemeen."})
    on_section, on_whole = ConsultationComment.objects.order_by("pk")
    assert on_section.section_label == "Alinea 1 onder “Criteria”" and on_section.organisation_name.startswith(
        "Vereniging"
    )
    assert on_whole.anchor == "" and on_whole.section_label == "Het hele kader"
    body = client.get(url).content.decode()
    assert "Maak er 20 km van." in body and "Goed kader in het algemeen." in body
    edit = reverse("loket:consultation_comment_edit", kwargs={"slug": draft.slug, "pk": on_section.pk})
    assert client.post(edit, {"text": "Maak er 25 km van."}).status_code == 302
    on_section.refresh_from_db()
    assert on_section.text == "Maak er 25 km van."


def test_closed_round_hides_other_invitees_comments_open_round_shows_them(draft, partners, client):
    consultation = open_round(draft, partners)
    comment_add(consultation=consultation, user=partners["vng"], text="Reactie van VNG")
    login(client, partners["ipo"])
    url = reverse("loket:consultation", kwargs={"slug": draft.slug})
    assert "Reactie van VNG" not in client.get(url).content.decode()
    # The IPO member cannot edit VNG's comment either (404, not found for them).
    comment = ConsultationComment.objects.get()
    edit = reverse("loket:consultation_comment_edit", kwargs={"slug": draft.slug, "pk": comment.pk})
    assert client.get(edit).status_code == 404
    Consultation.objects.filter(pk=consultation.pk).update(is_open_round=True)
    assert "Reactie van VNG" in client.get(url).content.decode()


def test_bad_comments_get_a_dutch_message_and_nothing_is_stored(draft, partners, client):
    consultation = open_round(draft, partners)
    url = reverse("loket:consultation", kwargs={"slug": draft.slug})
    login(client, partners["vng"])
    response = client.post(url, {"anchor": "h-bestaat-niet", "text": "Hier"})
    assert response.status_code == 200
    assert "Dit onderdeel bestaat niet (meer) in het geconsulteerde concept." in response.content.decode()
    assert "Schrijf uw reactie." in client.post(url, {"anchor": "", "text": "  "}).content.decode()
    # Someone not invited: the core team sees the page, but cannot comment.
    login(client, partners["kernteam2"])
    response = client.post(url, {"anchor": "", "text": "Ik doe ook mee"})
    assert "U bent niet uitgenodigd voor deze consultatie." in response.content.decode()
    # A partner who is not invited does not even find the page.
    login(client, partners["cdk_utrecht"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"anchor": "", "text": "x"}).status_code == 404
    # After the closing date.
    Consultation.objects.filter(pk=consultation.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    login(client, partners["vng"])
    response = client.post(url, {"anchor": "", "text": "Te laat"})
    assert "De consultatie is gesloten sinds" in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_editing_after_the_closing_date_is_refused(draft, partners):
    consultation = open_round(draft, partners)
    comment = comment_add(consultation=consultation, user=partners["vng"], text="Eerste versie")
    Consultation.objects.filter(pk=consultation.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="gesloten"):
        comment_update(comment=comment, user=partners["vng"], text="Later")


def test_reminder_two_working_days_before_closing_once(
    draft, partners, monkeypatch, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    consultation = open_round(draft, partners, days=20)
    mail.outbox.clear()
    assert remind_consultations() == 0  # far from the closing date
    Consultation.objects.filter(pk=consultation.pk).update(closes_on=add_working_days(today, 2))
    assert remind_consultations() == 5
    assert all("Herinnering" in m.subject for m in mail.outbox)
    assert remind_consultations() == 0  # once


def test_processing_answers_duplicates_and_close(draft, partners, client):
    consultation = open_round(draft, partners)
    first = comment_add(
        consultation=consultation,
        user=partners["vng"],
        text="Afstand te klein",
        anchor=anchor_of(consultation, "15 km"),
    )
    second = comment_add(
        consultation=consultation, user=partners["ipo"], text="Ook: afstand te klein", anchor=first.anchor
    )
    third = comment_add(consultation=consultation, user=partners["prt_utrecht"], text="Proces is helder")
    login(client, partners["kernteam"])
    manage = reverse("loket:consultation_manage", kwargs={"pk": consultation.pk})
    assert client.get(manage).status_code == 200
    close = reverse("loket:consultation_close", kwargs={"pk": consultation.pk})
    response = client.post(close, follow=True)
    assert "Nog 3 reactie(s) zonder antwoord. Beantwoord eerst elke reactie." in response.content.decode()
    answer = lambda c: reverse("loket:consultation_answer", kwargs={"pk": consultation.pk, "comment_pk": c.pk})  # noqa: E731
    # A reason is required.
    response = client.post(answer(first), {f"r{first.pk}-handling": "deels", f"r{first.pk}-reason": ""})
    assert response.status_code == 200 and "Geef een toelichting bij de verwerking." in response.content.decode()
    client.post(answer(first), {f"r{first.pk}-handling": "deels", f"r{first.pk}-reason": "20 km in stedelijk gebied."})
    # The duplicate takes the answer of the comment it is grouped with.
    client.post(answer(second), {f"r{second.pk}-duplicate_of": first.pk})
    client.post(answer(third), {f"r{third.pk}-handling": "niet", f"r{third.pk}-reason": "Geen wijziging nodig."})
    second.refresh_from_db()
    assert (
        second.duplicate_of_id == first.pk
        and second.handling == "deels"
        and second.reason == "20 km in stedelijk gebied."
    )
    client.post(close)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    with pytest.raises(ValidationError, match="afgerond"):
        comment_answer(comment=first, by=partners["kernteam"], handling="overgenomen", reason="x")


def closed_round(draft, partners):
    consultation = open_round(draft, partners)
    a = comment_add(
        consultation=consultation,
        user=partners["vng"],
        text="Afstand te klein",
        anchor=anchor_of(consultation, "15 km"),
    )
    b = comment_add(consultation=consultation, user=partners["prt_utrecht"], text="=SOM(A1)")
    comment_answer(comment=a, by=partners["kernteam"], handling="overgenomen", reason="Aangepast naar 20 km.")
    comment_answer(comment=b, by=partners["kernteam"], handling="niet", reason="Geen inhoudelijke reactie.")
    return consultation_close(consultation=consultation, by=partners["kernteam"])


def test_reactienota_pdf_and_xlsx(draft, partners, client):
    consultation = closed_round(draft, partners)
    login(client, partners["kernteam"])
    xlsx = client.get(
        reverse("loket:consultation_reactienota", kwargs={"slug": draft.slug, "pk": consultation.pk, "fmt": "xlsx"})
    )
    sheet = load_workbook(io.BytesIO(download(xlsx))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nr.", "Onderdeel", "Organisatie") and "Indiener" in rows[0]
    assert rows[1][1] == "Alinea 1 onder “Criteria”" and "Overgenomen" in rows[1]
    assert "'=SOM(A1)" in rows[2]  # formula neutralised
    pdf = client.get(
        reverse("loket:consultation_reactienota", kwargs={"slug": draft.slug, "pk": consultation.pk, "fmt": "pdf"})
    )
    assert pdf["Content-Type"] == "application/pdf" and download(pdf).startswith(b"%PDF")
    assert b"Aangepast naar 20 km." in download(pdf)
    # Before the next version is published, the public does not see it.
    client.logout()
    url = reverse("loket:consultation_reactienota", kwargs={"slug": draft.slug, "pk": consultation.pk, "fmt": "pdf"})
    assert client.get(url).status_code == 404


def test_publishing_links_round_shows_diff_and_mails_commenters(
    draft, partners, client, django_capture_on_commit_callbacks
):
    consultation = closed_round(draft, partners)
    core = partners["kernteam"]
    publication_update(
        publication=draft,
        data={
            "body": BODY.replace("15 km", "20 km").replace(
                "Het PRT stelt de lijst vast.", "Het PRT stelt de lijst vast.\n\nDe CdK adviseert."
            )
        },
        by=core,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publication_publish(publication=draft, by=core)
    consultation.refresh_from_db()
    assert consultation.published_version == 1 and "20 km" in consultation.published_body
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["prt-utrecht@test.example", "vng-lid@test.example"]  # commenters only, once each
    assert "reactienota" in mail.outbox[0].body.lower()
    # The public page links to the changes and the reactienota.
    client.logout()
    page = client.get(reverse("loket:publication_detail", kwargs={"slug": draft.slug})).content.decode()
    changes_url = reverse("loket:consultation_changes", kwargs={"slug": draft.slug, "pk": consultation.pk})
    assert changes_url in page and "reactienota.pdf" in page
    changes = client.get(changes_url).content.decode()
    assert '<del><span class="rhc-visually-hidden">[verwijderd:] </span>15</del>' in changes
    assert '<ins><span class="rhc-visually-hidden">[toegevoegd:] </span>20</ins>' in changes
    assert "De CdK adviseert." in changes
    # The public reactienota carries organisations, not the names of people.
    xlsx = client.get(
        reverse("loket:consultation_reactienota", kwargs={"slug": draft.slug, "pk": consultation.pk, "fmt": "xlsx"})
    )
    rows = list(load_workbook(io.BytesIO(download(xlsx))).active.iter_rows(values_only=True))
    assert "Indiener" not in rows[0] and not any("Vng-Lid" in str(cell) for row in rows for cell in row)


def test_publishing_is_refused_while_a_round_is_open(draft, partners):
    open_round(draft, partners)
    with pytest.raises(ValidationError, match="loopt nog een consultatie"):
        publication_publish(publication=draft, by=partners["kernteam"])


def test_text_diff_marks_words_not_colour_only():
    blocks = text_diff("Een twee drie.\n\nWeg.", "Een vier drie.\n\nNieuw.")
    html = "".join(b.html for b in blocks)
    assert "[verwijderd:]" in html and "[toegevoegd:]" in html and "<ins>" in html and "<del>" in html
    assert "&lt;" in "".join(b.html for b in text_diff("a", "<b>x</b>"))  # escaped


def test_search_shows_a_consultation_draft_only_to_invitees_and_the_core_team(draft, partners, client):
    open_round(draft, partners)
    consultation_url = reverse("loket:consultation", kwargs={"slug": draft.slug})
    detail_url = reverse("loket:publication_detail", kwargs={"slug": draft.slug})
    for who, finds in ((None, False), ("cdk_utrecht", False), ("expert", False), ("vng", True),
                       ("prt_utrecht", True), ("kernteam", True)):  # fmt: skip
        client.logout()
        if who:
            login(client, partners[who])
        body = client.get(reverse("loket:search"), {"q": "voorzieningen"}).content.decode()  # a word of the draft
        assert (consultation_url in body) is finds, who
        assert ('id="kop-consultaties"' in body) is finds, who
        if who != "kernteam":  # the draft publication itself: the core team only
            assert f'href="{detail_url}"' not in body, who


def test_core_team_overview_lists_rounds_with_counts(draft, partners, client):
    consultation = open_round(draft, partners)
    comment_add(consultation=consultation, user=partners["vng"], text="x")
    login(client, partners["kernteam"])
    body = client.get(reverse("loket:consultations_manage")).content.decode()
    assert "Kader locatiekeuze" in body and reverse("loket:consultation_manage", kwargs={"pk": consultation.pk}) in body
    dashboard = client.get(reverse("loket:dashboard")).content.decode()
    assert "Consultatiereacties zonder antwoord" in dashboard


def test_publications_page_lists_the_open_rounds_an_invitee_is_invited_to(draft, partners, client):
    open_round(draft, partners)
    url = reverse("loket:consultation", kwargs={"slug": draft.slug})
    login(client, partners["vng"])
    assert url in client.get(reverse("loket:publications")).content.decode()
    login(client, partners["cdk_utrecht"])  # not invited
    body = client.get(reverse("loket:publications")).content.decode()
    assert url not in body and reverse("loket:lesson_submit") in body
    client.logout()
    assert url not in client.get(reverse("loket:publications")).content.decode()


def test_manage_page_lists_the_round_once_not_in_every_answer_form(draft, partners, client):
    """Issue 21 item 5: the "zelfde strekking als" choice is one <datalist> for the page, not a <select>
    with every comment in every comment's form (500 comments made 250,000 options, 24 MB)."""
    consultation = open_round(draft, partners, is_open_round=True)
    comments = [
        comment_add(consultation=consultation, user=partners["prt_utrecht"], text=f"Reactie nummer {i}")
        for i in range(6)
    ]
    login(client, partners["kernteam"])
    html = client.get(reverse("loket:consultation_manage", kwargs={"pk": consultation.pk})).content.decode()
    assert html.count("<datalist") == 1 and "<select" not in html
    assert html.count(f'<option value="R{comments[0].pk}"') == 1
    assert html.count('list="consultatie-reacties"') == len(comments)
    answer = reverse("loket:consultation_answer", kwargs={"pk": consultation.pk, "comment_pk": comments[1].pk})
    first = comments[0]
    client.post(
        answer.replace(str(comments[1].pk), str(first.pk)),
        {f"r{first.pk}-handling": "niet", f"r{first.pk}-reason": "Nee."},
    )
    # An unknown number, or the comment itself, gets a Dutch error next to the field; nothing is stored.
    for wrong in ("R999999", f"R{comments[1].pk}", "twaalf"):
        response = client.post(answer, {f"r{comments[1].pk}-duplicate_of": wrong})
        assert response.status_code == 200
        assert "Kies het nummer van een andere reactie in deze ronde, bijvoorbeeld R12." in response.content.decode()
    comments[1].refresh_from_db()
    assert comments[1].duplicate_of_id is None
    client.post(answer, {f"r{comments[1].pk}-duplicate_of": f"r{first.pk}"})
    comments[1].refresh_from_db()
    assert comments[1].duplicate_of_id == first.pk and comments[1].handling == "niet"
    html = client.get(reverse("loket:consultation_manage", kwargs={"pk": consultation.pk})).content.decode()
    assert f'value="R{first.pk}"' in html.split(f'id="reactie-{comments[1].pk}"')[1].split("</form>")[0]


def test_consultation_page_shows_each_comment_escaped_with_its_answer_and_own_edit_link(draft, partners, client):
    """The comment list rendered in Python (loket/templatetags/consultation_comments.py, issue 21 item 5):
    text escaped with its line breaks, the core team's handling, an edit link only on one's own comments."""
    consultation = open_round(draft, partners, is_open_round=True)
    own = comment_add(consultation=consultation, user=partners["vng"], text="Eerste regel\n<b>vet</b> & zo")
    other = comment_add(consultation=consultation, user=partners["ipo"], text="Reactie van IPO")
    comment_answer(comment=other, by=partners["kernteam"], handling="deels", reason="Deels <i>overgenomen</i>.")
    login(client, partners["vng"])
    body = client.get(reverse("loket:consultation", kwargs={"slug": draft.slug})).content.decode()
    assert "Eerste regel<br>&lt;b&gt;vet&lt;/b&gt; &amp; zo" in body
    assert f'id="reactie-{own.pk}"' in body and f'id="reactie-{other.pk}"' in body
    assert "Deels overgenomen</span> Deels &lt;i&gt;overgenomen&lt;/i&gt;." in body
    own_edit = reverse("loket:consultation_comment_edit", kwargs={"slug": draft.slug, "pk": own.pk})
    other_edit = reverse("loket:consultation_comment_edit", kwargs={"slug": draft.slug, "pk": other.pk})
    assert f'href="{own_edit}">Wijzigen<span class="rhc-visually-hidden"> {own.number}</span>' in body
    assert other_edit not in body


def _normalised(html: str) -> str:
    """Markup with its white space between and at the end of tags made the same."""
    return " ".join(html.replace(">", "> ").replace("<", " <").split()).replace(" >", ">")


def test_manage_page_answer_form_is_the_crispy_form_and_lists_fifty_comments_a_page_with_a_filter(
    draft, partners, client, monkeypatch
):
    """Issue 21 item 5: the processing page renders each answer form in Python (the crispy form per
    comment took 4 s for 500 comments), with the same fields as crispy-forms; it shows 50 comments a
    page, all, without an answer or answered, with their counts; an answer goes back to that list."""
    monkeypatch.setattr(manage_views, "COMMENTS_PER_PAGE", 3)
    consultation = open_round(draft, partners, is_open_round=True)
    comments = [
        comment_add(consultation=consultation, user=partners["prt_utrecht"], text=f"Reactie <{i}>") for i in range(5)
    ]
    comment_answer(comment=comments[0], by=partners["kernteam"], handling="deels", reason="Deels & <zo>.")
    comments[1].duplicate_of = comments[0]
    comments[1].save(update_fields=["duplicate_of"])
    login(client, partners["kernteam"])
    manage = reverse("loket:consultation_manage", kwargs={"pk": consultation.pk})
    html = client.get(manage).content.decode()
    for comment in comments[:2]:
        comment.refresh_from_db()
        initial = {"handling": comment.handling, "reason": comment.reason, "duplicate_of": comment.duplicate_of_id}
        crispy = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
            Context({"form": AnswerForm(comment=comment, others=frozenset(), initial=initial)})
        )
        assert _normalised(crispy) in _normalised(html)
    assert [c.pk for c in comments[:3]] == [c.pk for c in comments if f'id="reactie-{c.pk}"' in html]
    assert "Alle reacties (5)" in html and "Zonder antwoord (4)" in html and "Beantwoord (1)" in html
    assert html.count("<option value=") == 5  # duplicates can be any comment of the round
    page2 = client.get(manage, {"page": 2}).content.decode()
    assert [c.pk for c in comments[3:]] == [c.pk for c in comments if f'id="reactie-{c.pk}"' in page2]
    open_page = client.get(manage, {"reacties": "open", "page": 2}).content.decode()
    assert [comments[4].pk] == [c.pk for c in comments if f'id="reactie-{c.pk}"' in open_page]
    answer = reverse("loket:consultation_answer", kwargs={"pk": consultation.pk, "comment_pk": comments[4].pk})
    assert f'action="{answer}?reacties=open&amp;page=2"' in open_page
    response = client.post(
        f"{answer}?reacties=open&page=2", {f"r{comments[4].pk}-handling": "niet", f"r{comments[4].pk}-reason": "Nee."}
    )
    assert (
        response.status_code == 302
        and response["Location"] == f"{manage}?reacties=open&page=2#reactie-{comments[4].pk}"
    )
    answered = client.get(manage, {"reacties": "beantwoord"}).content.decode()
    assert [comments[0].pk, comments[4].pk] == [c.pk for c in comments if f'id="reactie-{c.pk}"' in answered]
    # an answer with an error is shown on the page, with its error summary, whatever the filter was
    response = client.post(f"{answer}?reacties=open", {f"r{comments[4].pk}-duplicate_of": "R999999"})
    body = response.content.decode()
    assert response.status_code == 200 and f'id="reactie-{comments[4].pk}"' in body and "error-summary" in body


def test_consultation_page_headings_nest_under_its_own_and_keep_the_anchors(draft, partners, client):
    """The sections sit under the page's h2 "Het concept": the author's "##" becomes h3 (no level skipped,
    axe heading-order); the anchors the comments point at do not depend on the levels."""
    consultation = open_round(draft, partners)
    comment_add(consultation=consultation, user=partners["vng"], text="Te ver", anchor=anchor_of(consultation, "15 km"))
    login(client, partners["vng"])
    body = client.get(reverse("loket:consultation", kwargs={"slug": draft.slug})).content.decode()
    assert "<h3>Criteria</h3>" in body and "<h3>Proces</h3>" in body
    assert 'id="h-criteria"' in body and 'id="h-criteria-p1"' in body and 'id="h-proces"' in body
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", body)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
