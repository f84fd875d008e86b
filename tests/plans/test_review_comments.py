"""Issue 16 item 3 (and item 1 for the CdK): review comments on a plan version, through the pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import dateformat, translation

from bench.htmlforms import forms_in
from plans.models import ReviewComment
from plans.templatetags.review_comments import datetime_writer
from plans.workflow import Status

from .factories import add_locations, version_for

pytestmark = pytest.mark.django_db


def url(version, name="plans:version_comments", **extra):
    return reverse(name, kwargs={"province_code": version.plan.province.code, "number": version.number, **extra})


@pytest.fixture
def draft(db):
    version = version_for("PV26", Status.IN_PRT, number=1)
    add_locations(version, 2)
    return version


def test_cdk_comments_and_prt_answers_and_resolves(client_for, draft):
    location = draft.locations.order_by("name").first()
    cdk = client_for("cdk_utrecht")
    page = cdk.get(url(draft))
    assert page.status_code == 200 and "Opmerking plaatsen" in page.content.decode()
    response = cdk.post(url(draft), {"target": f"location:{location.key}", "body": "Is deze capaciteit haalbaar?"})
    assert response.status_code == 302
    response = cdk.post(url(draft), {"target": "section:risks", "body": "Noem ook de risico's van de huur."})
    assert response.status_code == 302
    assert ReviewComment.objects.filter(version=draft).count() == 2

    # The PRT-lid sees each comment beside the line and the section it refers to, with the count.
    prt = client_for("prt_utrecht")
    page = prt.get(url(draft)).content.decode()
    assert "2 opmerkingen staan open" in page
    locations_part = page.split('id="locaties-kop"', 1)[1]
    assert location.name in locations_part and "Is deze capaciteit haalbaar?" in locations_part
    assert "Noem ook de risico" in page.split('id="teksten-kop"', 1)[1].split('id="locaties-kop"', 1)[0]
    assert "Opmerking plaatsen" not in page  # the PRT-lid answers, does not review

    comment = ReviewComment.objects.get(location_key=location.key)
    response = prt.post(
        url(draft, "plans:comment_answer", pk=comment.pk),
        {"answer": "Ja, de gemeente heeft ingestemd.", "resolve": "on"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.answer.startswith("Ja, de gemeente") and comment.resolved_at is not None
    page = prt.get(url(draft)).content.decode()
    assert "1 opmerking staat open" in page and "Ja, de gemeente heeft ingestemd." in page

    # Open comments are counted on the plan page and the version page.
    plan_page = prt.get(reverse("plans:plan_detail", kwargs={"province_code": "PV26"})).content.decode()
    assert "Open opmerkingen" in plan_page
    version_page = prt.get(url(draft, "plans:version_detail")).content.decode()
    assert "1 open" in version_page
    # ...and in plan monitoring, in the province's row, for the core team and the CdK-medewerker.
    for who in ("kernteam", "cdk_utrecht"):
        monitoring = client_for(who).get(reverse("monitoring:plan_monitoring")).content.decode()
        row = monitoring.split(f">{draft.plan.province.name}</a></th>", 1)[1].split("</tr>", 1)[0]
        assert '>1<span class="rhc-visually-hidden"> open opmerkingen</span>' in row, who


def test_comments_stay_with_the_frozen_version_and_cdk_cannot_add_more(client_for, users, draft):
    client_for("kernteam").post(url(draft), {"target": "", "body": "Graag de tabel per kwartaal."})
    cdk = client_for("cdk_utrecht")
    assert cdk.post(url(draft, "plans:version_transition"), {"to": Status.SUBMITTED}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    # Frozen: the comment is still there; the CdK can no longer comment, the core team still can.
    page = cdk.get(url(draft)).content.decode()
    assert "Graag de tabel per kwartaal." in page and "bevroren" in page
    assert cdk.post(url(draft), {"target": "", "body": "Nog iets"}).status_code == 403
    assert ReviewComment.objects.filter(version=draft).count() == 1
    assert client_for("kernteam").post(url(draft), {"target": "", "body": "Akkoord."}).status_code == 302
    assert ReviewComment.objects.filter(version=draft).count() == 2


def test_bad_input_gives_a_dutch_message_and_stores_nothing(client_for, draft):
    cdk = client_for("cdk_utrecht")
    response = cdk.post(url(draft), {"target": "", "body": ""})
    assert response.status_code == 400 and "Dit veld is verplicht" in response.content.decode()
    response = cdk.post(url(draft), {"target": "location:00000000-0000-0000-0000-000000000000", "body": "x"})
    assert response.status_code == 400
    assert ReviewComment.objects.count() == 0
    # Someone else's province, and roles that may not comment.
    gelderland = version_for("PV25", Status.CONCEPT, number=1)
    assert client_for("cdk_utrecht").post(url(gelderland), {"body": "x"}).status_code == 404
    assert client_for("prt_utrecht").post(url(draft), {"body": "x"}).status_code == 403
    assert client_for("coa_landelijk").post(url(draft), {"body": "x"}).status_code == 403
    assert ReviewComment.objects.count() == 0


def test_only_the_own_prt_answers(client_for, users, draft):
    client_for("kernteam").post(url(draft), {"target": "", "body": "Vraag"})
    comment = ReviewComment.objects.get()
    answer = url(draft, "plans:comment_answer", pk=comment.pk)
    assert client_for("cdk_utrecht").post(answer, {"answer": "x"}).status_code == 403
    assert client_for("prt_gelderland").post(answer, {"answer": "x"}).status_code == 404
    comment.refresh_from_db()
    assert comment.answer == "" and comment.resolved_at is None


@pytest.mark.parametrize("size", [3, 60])
def test_comments_page_constant_queries(client_for, users, django_assert_max_num_queries, size):
    version = version_for("PV26", Status.IN_PRT, number=1)
    add_locations(version, size)
    for i, location in enumerate(version.locations.all()):
        ReviewComment.objects.create(version=version, location_key=location.key, body=f"Opmerking {i}")
    client = client_for("prt_utrecht")
    with django_assert_max_num_queries(12):
        assert client.get(url(version)).status_code == 200


def test_each_comment_is_rendered_escaped_with_the_answer_form_that_posts(client_for, draft):
    """The comments rendered in Python (plans/templatetags/review_comments.py, issue 21 item 5): escaped
    text with its line breaks, the answer with who gave it, and for the PRT-lid a working answer form
    (CSRF field, URL of this comment) on open comments and a reopen button on resolved ones."""
    cdk = client_for("cdk_utrecht")
    cdk.post(url(draft), {"target": "", "body": "Eerste regel\n<b>vet</b> & zo"})
    cdk.post(url(draft), {"target": "section:risks", "body": "Tweede opmerking"})
    first, second = ReviewComment.objects.filter(version=draft).order_by("pk")
    page = cdk.get(url(draft)).content.decode()
    assert "Eerste regel<br>&lt;b&gt;vet&lt;/b&gt; &amp; zo" in page
    assert f'id="opmerking-{first.pk}"' in page and 'name="answer"' not in page  # the CdK does not answer
    prt = client_for("prt_utrecht")
    html = prt.get(url(draft)).content
    answer_url = url(draft, "plans:comment_answer", pk=second.pk)
    form = next(f for f in forms_in(html) if f.action == answer_url)
    assert dict(form.fields).get("csrfmiddlewaretoken") and "answer" in form.textareas
    assert prt.post(answer_url, {"answer": "Zie <paragraaf> 3", "resolve": "on"}).status_code == 302
    page = prt.get(url(draft)).content.decode()
    second_part = page.split(f'id="opmerking-{second.pk}"', 1)[1].split("</article>", 1)[0]
    assert "Zie &lt;paragraaf&gt; 3" in second_part and "afgehandeld" in second_part
    assert 'name="reopen"' in second_part and 'name="answer"' not in second_part
    assert 'name="answer"' in page.split(f'id="opmerking-{first.pk}"', 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize("fmt", ["j F Y H:i", "d-m-Y G:i", "j N Y H:i", r"j \d\e F Y", "l j F Y"])
def test_dates_of_the_comments_are_written_as_dateformat_writes_them(fmt):
    """review_comments.datetime_writer (the format split once per page, issue 21) writes what Django's
    dateformat writes, also for a format it leaves to dateformat (N, l) and escaped letters."""
    with translation.override("nl"):
        write = datetime_writer(fmt)
        for value in (dt.datetime(2026, 1, 2, 3, 4), dt.datetime(2026, 10, 31, 23, 59), dt.datetime(999, 12, 9, 0, 0)):
            assert write(value) == dateformat.format(value, fmt)
