"""Lessons from the field (issue 15): a PRT-lid submits a lesson, it arrives as a draft for the core
team, who asks a question back and publishes it (with or without the submitter's name); theme
subscribers get it in the next mailing; only the submitter and the core team see the draft."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from loket.core.models import Theme
from loket.mailings.services import mailing_send
from loket.publications.lessons.models import LessonMessage, LessonSubmission
from loket.publications.lessons.services import lesson_ask, lesson_publish, lesson_submit, lesson_transition
from loket.publications.lessons.workflow import TRANSITIONS, LessonStatus
from loket.publications.models import PublicationKind, PublicationStatus
from tests.conftest import login
from tests.loket.factories import MailingFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    return Theme.objects.filter(parent__isnull=False).order_by("code").first()


def form_data(theme, **extra):
    return {
        "title": "Informatieavond met buurtbewoners",
        "tried": "Drie avonden in kleine groepen in plaats van één grote zaal.",
        "place": "Gemeente Houten",
        "themes": [theme.pk],
        "worked": "Mensen stelden meer vragen en de sfeer was rustig.",
        "did_not_work": "De eerste avond was te kort.",
        "contact_name": "Sanne de Vries",
        "contact_email": "s.devries@houten.example",
        "contact_consent": "on",
        **extra,
    }


def submit(users, theme, *, show_name=True):
    data = form_data(theme)
    data = {k: v for k, v in data.items() if k != "themes"}
    data["contact_consent"] = True
    data["show_name"] = show_name
    return lesson_submit(data=data, themes=[theme], by=users["prt_utrecht"])


def test_prt_lid_submits_a_lesson_that_arrives_as_a_draft(client, users, theme):
    login(client, users["prt_utrecht"])
    response = client.post(reverse("loket:lesson_submit"), form_data(theme, show_name="on"))
    lesson = LessonSubmission.objects.get()
    assert response.status_code == 302 and response.url == reverse("loket:lesson_mine", kwargs={"pk": lesson.pk})
    publication = lesson.publication
    assert publication.kind == PublicationKind.LESSONS and publication.status == PublicationStatus.DRAFT
    assert "## Wat werkte niet" in publication.body and "Sanne de Vries" in publication.body
    assert lesson.province.code == "PV26" and list(publication.themes.all()) == [theme]
    # The submitter sees their own draft; the public and another partner do not.
    assert "Informatieavond met buurtbewoners" in client.get(reverse("loket:lessons_mine")).content.decode()
    login(client, users["prt_gelderland"])
    assert client.get(reverse("loket:lesson_mine", kwargs={"pk": lesson.pk})).status_code == 404
    assert "Informatieavond" not in client.get(reverse("loket:lessons_mine")).content.decode()
    client.logout()
    assert client.get(reverse("loket:publication_detail", kwargs={"slug": publication.slug})).status_code == 404
    hits = client.get(reverse("loket:search"), {"q": "Informatieavond"}).content.decode()
    assert f"/publicaties/{publication.slug}/" not in hits


def test_bad_input_is_refused_in_dutch(client, users, theme):
    login(client, users["cdk_utrecht"])
    url = reverse("loket:lesson_submit")
    body = client.post(url, form_data(theme, contact_consent="", themes=[], worked="")).content.decode()
    assert "Noem alleen een contactpersoon die ermee instemt genoemd te worden." in body
    assert "Kies ten minste één thema." in body and "Beschrijf wat werkte." in body
    assert not LessonSubmission.objects.exists()
    login(client, users["kernteam"])
    assert client.get(url).status_code == 403  # only partners submit


def test_core_team_asks_a_question_the_submitter_answers_then_publishes(
    client, users, theme, django_capture_on_commit_callbacks
):
    lesson = submit(users, theme)
    login(client, users["kernteam"])
    manage = reverse("loket:lesson_manage", kwargs={"pk": lesson.pk})
    assert "Sanne de Vries" in client.get(manage).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage, {"text": "Hoeveel bewoners kwamen er per avond?"})
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.QUESTION
    question_mail = mail.outbox[-1]
    assert question_mail.to == [users["prt_utrecht"].email] and "Hoeveel bewoners" in question_mail.body
    assert reverse("loket:lesson_mine", kwargs={"pk": lesson.pk}) in question_mail.body
    login(client, users["prt_utrecht"])
    client.post(reverse("loket:lesson_mine", kwargs={"pk": lesson.pk}), {"text": "Ongeveer dertig."})
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.SUBMITTED and LessonMessage.objects.count() == 2
    login(client, users["kernteam"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("loket:lesson_publish", kwargs={"pk": lesson.pk}))
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.PUBLISHED and lesson.publication.status == PublicationStatus.PUBLISHED
    assert "is gepubliceerd" in mail.outbox[-1].subject
    client.logout()
    page = client.get(reverse("loket:publication_detail", kwargs={"slug": lesson.publication.slug})).content.decode()
    assert "Ingestuurd door" in page and lesson.submitter_name in page
    hits = client.get(reverse("loket:search"), {"q": "Informatieavond"}).content.decode()
    assert f"/publicaties/{lesson.publication.slug}/" in hits


def test_published_without_name_when_the_submitter_chose_so(client, users, theme):
    lesson = submit(users, theme, show_name=False)
    lesson_publish(lesson=lesson, by=users["kernteam"])
    page = client.get(reverse("loket:publication_detail", kwargs={"slug": lesson.publication.slug})).content.decode()
    assert "Ingestuurd door" not in page and lesson.submitter_name not in page


def test_only_core_team_asks_and_publishes(users, theme):
    lesson = submit(users, theme)
    with pytest.raises(ValidationError):
        lesson_ask(lesson=lesson, text="?", by=users["prt_utrecht"])
    with pytest.raises(ValidationError):
        lesson_publish(lesson=lesson, by=users["prt_utrecht"])
    with pytest.raises(ValidationError):
        lesson_submit(data={"title": "x"}, themes=[theme], by=users["kernteam"])


def test_lesson_transitions_table_is_enforced(users, theme):
    lesson = submit(users, theme)
    for source in LessonStatus:
        for target in LessonStatus:
            LessonSubmission.objects.filter(pk=lesson.pk).update(status=source)
            if target in TRANSITIONS[source]:
                lesson_transition(lesson=lesson, to=target, by=users["kernteam"])
            else:
                with pytest.raises(ValidationError):
                    lesson_transition(lesson=lesson, to=target, by=users["kernteam"])


def test_theme_subscribers_get_the_lesson_in_the_next_mailing(users, theme, django_capture_on_commit_callbacks):
    lesson = submit(users, theme)
    lesson_publish(lesson=lesson, by=users["kernteam"])
    on_theme = SubscriptionFactory(email="thema@voorbeeld.nl", general_news=False)
    on_theme.themes.add(theme)
    on_main_theme = SubscriptionFactory(email="hoofdthema@voorbeeld.nl", general_news=False)
    on_main_theme.themes.add(theme.parent)
    SubscriptionFactory(email="algemeen@voorbeeld.nl", general_news=True)
    mailing = MailingFactory(audience_general=True)
    mailing.audience_themes.add(theme, theme.parent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mailing_send(mailing=mailing, by=users["kernteam"])
    by_address = {m.to[0]: m for m in mail.outbox}
    url = reverse("loket:publication_detail", kwargs={"slug": lesson.publication.slug})
    assert url in by_address["thema@voorbeeld.nl"].body and url in by_address["hoofdthema@voorbeeld.nl"].body
    assert "Nieuwe lessen uit de praktijk" in by_address["thema@voorbeeld.nl"].alternatives[0][0]
    assert url not in by_address["algemeen@voorbeeld.nl"].body  # no matching theme
    # The mailing after that no longer carries it.
    later = MailingFactory()
    later.audience_themes.add(theme)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mailing_send(mailing=later, by=users["kernteam"])
    assert mail.outbox and all(url not in m.body for m in mail.outbox)
