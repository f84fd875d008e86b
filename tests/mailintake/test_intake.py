"""A mail to the loket's address becomes a question (channel e-mail) with a reference, routing and the
confirmation; against Dovecot (IMAP APPEND, folders inspected afterwards) and the real SMTP sink."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from loket.core.arrangement import forget_arrangement
from loket.core.models import Arrangement, Province
from monitoring.evaluation import Scope
from monitoring.evaluation.questions import channel_section
from questions import services
from questions.models import Channel, InboundMail, InboundStatus, Question
from questions.tasks import fetch_mail
from questions.workflow import Status
from tests.questions.conftest import PDF, PNG
from tests.questions.factories import QuestionFactory, RoutingRuleFactory

from .conftest import mail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_plain_mail_becomes_a_question_with_a_reference_and_a_threaded_confirmation(imap, smtp, users):
    original = mail()
    imap.append(original)

    assert fetch_mail.delay().get() == 1

    question = Question.objects.get()
    assert question.channel == Channel.EMAIL
    assert (question.asker_name, question.asker_email) == ("Anna Vrager", "anna@gemeente.example.nl")
    assert question.subject == "Vraag over tijdelijke opvang"
    assert question.body == "Hoe tellen tijdelijke locaties mee in het provinciale plan?"
    assert question.reference.startswith("V-")
    inbound = InboundMail.objects.get()
    assert (inbound.status, inbound.question) == (InboundStatus.PROCESSED, question)
    assert inbound.raw.read() == original.as_bytes(policy=original.policy)  # the original, byte for byte
    # moved only after the commit, into the processed folder
    assert imap.folder("INBOX") == []
    assert imap.message_ids("Verwerkt") == [original["Message-ID"]]

    (confirmation,) = smtp.to("anna@gemeente.example.nl")
    assert question.reference in str(confirmation["Subject"])
    assert question.token in confirmation.get_body(("plain",)).get_content()  # the private link
    assert confirmation["In-Reply-To"] == original["Message-ID"]  # threads under the asker's own mail
    assert confirmation["Message-ID"].startswith(f"<{question.reference}.")
    reply_to = str(confirmation["Reply-To"])
    assert "loket+v" in reply_to and "@loket.example.nl" in reply_to


def test_a_mail_is_routed_by_the_usual_rules(imap, smtp, users):
    # no theme in a mail: a rule without a theme (here: everything) still routes it
    RoutingRuleFactory(name="Alles naar kernteam", assignee=users["kernteam"])
    imap.append(mail())
    fetch_mail.delay()
    question = Question.objects.get()
    assert question.assignee == users["kernteam"]
    assert question.routed_by.name == "Alles naar kernteam"
    assert smtp.to(users["kernteam"].email)  # the assignee is told, as for a web question


def test_an_html_only_mail_becomes_sanitised_text(imap, smtp):
    html = (
        "<html><head><style>p {color: red}</style><script>alert('x')</script></head><body>"
        "<p>Beste loket,</p><p>Wij zoeken <b>200 plekken</b> &amp; meer.</p><ul><li>Utrecht</li><li>Zeist</li></ul>"
        '<img src="https://tracker.example/p.gif" onerror="alert(1)"></body></html>'
    )
    imap.append(mail(text=None, html=html))
    fetch_mail.delay()
    body = Question.objects.get().body
    assert "Beste loket," in body and "Wij zoeken 200 plekken & meer." in body
    assert "- Utrecht" in body and "- Zeist" in body
    for leftover in ("<", "alert", "color: red", "tracker"):
        assert leftover not in body


def test_attachments_go_through_the_one_upload_check_and_a_refused_one_is_listed(imap, smtp, client_for):
    attachments = (
        ("notitie.pdf", PDF, "application", "pdf"),
        ("kaart.png", PNG, "image", "png"),
        ("programma.exe", b"MZ\x90\x00" + b"\x00" * 60, "application", "octet-stream"),
        ("nep.pdf", b"dit is geen pdf", "application", "pdf"),
    )
    imap.append(mail(attachments=attachments))
    fetch_mail.delay()

    question = Question.objects.get()
    assert sorted(a.original_name for a in question.attachments.all()) == ["kaart.png", "notitie.pdf"]
    refused = InboundMail.objects.get().refused_attachments
    assert [r["name"] for r in refused] == ["programma.exe", "nep.pdf"]
    assert "bestandstype" in refused[0]["reason"] and "geen geldig PDF-bestand" in refused[1]["reason"]
    # the core team sees the refused ones on the question, with the reason, and the original mail
    page = client_for("kernteam").get(f"/kernteam/vragen/{question.pk}/").content.decode()
    assert "programma.exe" in page and "geen geldig PDF-bestand" in page
    assert "E-mail" in page  # the channel
    # and the asker is told in the confirmation
    (confirmation,) = smtp.to("anna@gemeente.example.nl")
    text = confirmation.get_body(("plain",)).get_content()
    assert "programma.exe" in text and "nep.pdf" in text


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "iso-8859-15"])
def test_non_utf8_charsets_and_encoded_word_subjects(imap, smtp, charset):
    text = "Geachte heer, wij hebben een vraag over de coördinatie en de financiële regeling \u2013 graag € 500."
    if charset == "iso-8859-1":
        text = text.replace(" \u2013 graag € 500", ", graag")  # not in Latin-1
    if charset == "iso-8859-15":
        text = text.replace(" \u2013", ",")  # Latin-9 has the euro, not the dash
    raw = mail(subject="x", text=text, charset=charset)
    raw.replace_header("Subject", "=?iso-8859-1?q?Co=F6rdinatie_van_opvang?= =?utf-8?b?4oCTIHZyYWFn?=")
    imap.append(raw)
    fetch_mail.delay()
    question = Question.objects.get()
    assert question.subject == "Coördinatie van opvang\u2013 vraag"  # encoded words, joined as RFC 2047 says
    assert question.body == text


def test_fetch_mail_file_feeds_one_message_through_the_same_code(tmp_path, settings, smtp):
    settings.IMAP_HOST = ""  # no mailbox needed
    path = tmp_path / "vraag.eml"
    path.write_bytes(mail(subject="Vanuit een bestand").as_bytes())
    call_command("fetch_mail", "--file", str(path))
    call_command("fetch_mail", "--file", str(path))  # the same message again: nothing new
    question = Question.objects.get()
    assert (question.subject, question.channel) == ("Vanuit een bestand", Channel.EMAIL)
    assert len(smtp.to("anna@gemeente.example.nl")) == 1


def test_the_channel_is_off_without_imap_host(settings):
    settings.IMAP_HOST = ""
    assert fetch_mail.delay().get() == 0


def test_the_core_team_filters_on_the_channel_and_the_evaluation_counts_per_channel(imap, smtp, client_for):
    imap.append(mail(subject="Per mail gesteld"))
    fetch_mail.delay()
    QuestionFactory(subject="Via de website gesteld", province=Province.objects.get(code="PV26"))
    client = client_for("kernteam")
    by_mail = client.get("/kernteam/vragen/", {"channel": "e-mail"}).content.decode()
    assert "Per mail gesteld" in by_mail and "Via de website gesteld" not in by_mail
    by_web = client.get("/kernteam/vragen/", {"channel": "web"}).content.decode()
    assert "Via de website gesteld" in by_web and "Per mail gesteld" not in by_web
    evaluation = client.get("/monitoring/evaluatie/").content.decode()
    assert "Vragen per kanaal" in evaluation
    assert {tuple(r[:2]) for r in channel_section(Scope()).rows} == {("Website", 1), ("E-mail", 1)}


def test_anonymising_a_question_removes_the_original_mail(imap, smtp, users):
    original = mail()
    imap.append(original)
    fetch_mail.delay()
    question = Question.objects.get()
    inbound = InboundMail.objects.get()
    path = Path(inbound.raw.path)
    assert path.exists()
    services.question_transition(question=question, to=Status.CLOSED, by=users["kernteam"])
    assert services.question_anonymise(question=Question.objects.get())
    inbound.refresh_from_db()
    assert (inbound.sender_email, inbound.sender_name, inbound.raw.name) == ("", "", "")
    assert not path.exists()
    imap.append(original)  # the same message again still creates nothing
    fetch_mail.delay()
    assert Question.objects.count() == 1


def test_in_read_only_mode_a_mail_is_not_stored_and_the_sender_hears_where_to_go_now(imap, smtp, users):
    Arrangement.objects.update_or_create(
        pk=1, defaults={"read_only": True, "successor_text": "Mail naar rijk@example.nl"}
    )
    forget_arrangement()
    imap.append(mail())
    assert fetch_mail.delay().get() == 1
    assert not Question.objects.exists()
    inbound = InboundMail.objects.get()
    assert inbound.status == InboundStatus.PROCESSED and "Portaal gesloten" in inbound.reason
    (notice,) = smtp.to("anna@gemeente.example.nl")
    text = notice.get_body(("plain",)).get_content()
    assert "Het loket is gesloten" in str(notice["Subject"])
    assert "niet als vraag opgeslagen" in text and "Mail naar rijk@example.nl" in text
