"""Done when: the core team refers a question to a suggested expert, the expert answers through the
mailed link without logging in, and the asker receives the reviewed answer."""

import importlib.util
import re

from django.core import mail
from django.urls import reverse

from experts.models import Referral, ReferralStatus
from experts.services import referral_answer, referral_create, referral_decline
from questions.models import MessageKind, Question, StatusChange

from .factories import ExpertFactory, make_question

TEXT = "De vraag zonder naam en adres."


def link_in(message) -> str:
    return re.search(r"http://[^\s\"<]+/deskundigen/verwijzing/[^\s\"<]+/", message.body).group(0)


def test_refer_answer_review_send(client_for, users, themes, utrecht, django_capture_on_commit_callbacks):
    question = make_question(themes=[themes["a"]], province=utrecht, status="nieuw", email="asker@test.example")
    best = ExpertFactory(name="Bente Best", email="bente@test.example", themes=[themes["a"]], provinces=[utrecht])
    ExpertFactory(name="Rob Related", email="rob@test.example", themes=[themes["a2"]])
    ExpertFactory(
        name="Wim Weg", email="wim@test.example", themes=[themes["a"]], consent_withdrawn_at=best.consent_given_at
    )

    client = client_for("kernteam")
    refer_url = reverse("experts:refer", kwargs={"question_pk": question.pk})
    page = client.get(refer_url).content.decode()
    assert page.index("Bente Best") < page.index("Rob Related")
    assert "Wim Weg" not in page
    assert "Hoe komt deze volgorde tot stand?" in page
    assert "kent de provincie van de vraag" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            refer_url, {"expert": best.pk, "note": "Kunt u hier naar kijken?", "question_text": TEXT}
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "bij_deskundige"
    assert StatusChange.objects.filter(question=question, to_status="bij_deskundige").exists()
    [invite] = mail.outbox
    assert invite.to == ["bente@test.example"]
    assert "Kunt u hier naar kijken?" in invite.body
    assert invite.alternatives and "<a href=" in invite.alternatives[0][0]

    # The expert, not logged in, opens the link: only this question, never the asker's address.
    client.logout()
    link = link_in(invite)
    page = client.get(link).content.decode()
    assert question.subject in page
    assert "asker@test.example" not in page and "Vera Vrager" not in page
    assert client.post(link, {"action": "accept"}).status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            link, {"action": "answer", "response": "Kijk naar de verdeelsleutel van Gelderland.", "share_contact": ""}
        ).content.decode()
    assert "Uw antwoord is bij het kernteam" in page
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.ANSWERED
    assert [m.to for m in mail.outbox] == [[users["kernteam"].email]]  # the referrer is told
    # The link is used up now.
    assert client.get(link).status_code == 410

    # Core team reviews, edits and sends.
    client = client_for("kernteam")
    dashboard = client.get(reverse("experts:core")).content.decode()
    assert question.reference in dashboard
    review_url = reverse("experts:referral_review", kwargs={"pk": referral.pk})
    form_page = client.get(review_url).content.decode()
    assert "Kijk naar de verdeelsleutel van Gelderland." in form_page
    assert "bente@test.example" not in form_page.split("Versturen naar de vragensteller")[1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url, {"body": "Bekijk de verdeelsleutel van Gelderland; die werkt goed."})
    assert response.status_code == 302
    question = Question.objects.get(pk=question.pk)
    assert question.status == "beantwoord"
    answer = question.messages.get(kind=MessageKind.ANSWER)
    assert answer.body == "Bekijk de verdeelsleutel van Gelderland; die werkt goed."
    referral.refresh_from_db()
    assert referral.answer_sent_at is not None
    for message in mail.outbox:
        assert "bente@test.example" not in message.body
    if importlib.util.find_spec("questions.tasks"):  # the questions app mails the answer on commit
        to_asker = [m for m in mail.outbox if "asker@test.example" in m.to]
        assert to_asker and "verdeelsleutel van Gelderland" in to_asker[0].body
    # Sending twice is refused.
    response = client.post(review_url, {"body": "Nog een keer"})
    assert response.status_code == 400
    assert question.messages.filter(kind=MessageKind.ANSWER).count() == 1


def test_share_contact_puts_expert_address_in_draft(client_for, themes, django_capture_on_commit_callbacks):
    question = make_question(themes=[themes["a"]])
    expert = ExpertFactory(name="Sanne Deelt", email="sanne@test.example", themes=[themes["a"]])
    client = client_for("kernteam")
    referral = referral_create(question=question, expert=expert, by=None)
    referral_answer(referral=referral, body="Antwoord.", share_contact=True)
    page = client.get(reverse("experts:referral_review", kwargs={"pk": referral.pk})).content.decode()
    assert "U kunt contact opnemen via sanne@test.example" in page


def test_decline_returns_question_and_refer_to_someone_else(
    client_for, users, themes, django_capture_on_commit_callbacks
):
    question = make_question(themes=[themes["a"]])
    first = ExpertFactory(themes=[themes["a"]])
    second = ExpertFactory(themes=[themes["a"]])
    client = client_for("kernteam")
    url = reverse("experts:refer", kwargs={"question_pk": question.pk})
    client.post(url, {"expert": first.pk, "question_text": TEXT})
    referral_decline(referral=Referral.objects.get(expert=first), reason="Geen tijd")
    question.refresh_from_db()
    assert question.status == "in_behandeling"
    assert client.post(url, {"expert": second.pk, "question_text": TEXT}).status_code == 302
    question.refresh_from_db()
    assert question.status == "bij_deskundige"


def test_withdraw_referral_and_refer_to_someone_else(client_for, themes, django_capture_on_commit_callbacks):
    question = make_question(themes=[themes["a"]])
    first = ExpertFactory(themes=[themes["a"]])
    second = ExpertFactory(themes=[themes["a"]])
    client = client_for("kernteam")
    url = reverse("experts:refer", kwargs={"question_pk": question.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"expert": first.pk, "question_text": TEXT})
    old_link = link_in(mail.outbox[0])
    referral = Referral.objects.get(expert=first)
    client.post(reverse("experts:referral_withdraw", kwargs={"pk": referral.pk}), {"reason": "Te druk"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    question.refresh_from_db()
    assert question.status == "in_behandeling"
    client.logout()
    page = client.get(old_link)
    assert page.status_code == 410 and "al gebruikt" in page.content.decode()
    client = client_for("kernteam")
    assert client.post(url, {"expert": second.pk, "question_text": TEXT}).status_code == 302
    # Referring the same open pair twice is refused with a message, not a 500.
    response = client.post(url, {"expert": second.pk, "question_text": TEXT})
    assert response.status_code == 400 and "ligt al bij deze deskundige" in response.content.decode()


def test_refer_a_closed_question_gives_a_message(client_for, themes):
    question = make_question(themes=[themes["a"]], status="gesloten")
    expert = ExpertFactory(themes=[themes["a"]])
    response = client_for("kernteam").post(
        reverse("experts:refer", kwargs={"question_pk": question.pk}), {"expert": expert.pk, "question_text": TEXT}
    )
    assert response.status_code == 400
    assert "Deze vraag is gesloten" in response.content.decode()
    assert not Referral.objects.exists()
