"""Issue 21 item 6: a question submitted through the web form costs a fixed, small number of SQL
statements: no savepoint inside the submission's one transaction, no lookup of the organisation,
province, themes or routing rules (the cached reference lists hold them), with or without a routing rule
that matches, and as many with 10 as with 200 questions stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.core.models import Organisation, Province, SubmissionKey, Theme
from questions.models import Question
from tests.conftest import submission_key
from tests.questions.factories import QuestionFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db

# (BEGIN,) the counter, the question, its themes, its history (with the routing row), the submission key
# with its result, (COMMIT); in a test the submission's transaction is a savepoint and its release
MAX_STATEMENTS = 7


def _statements(client, data) -> list[str]:
    # a first submission of the year: the reference lists in the cache and the year's counter made,
    # as on a busy portal
    assert client.post("/vragen/stellen/", {**data, "subject": "De eerste"}).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/vragen/stellen/", data)
    assert response.status_code == 302, response.content[:2000]
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("stored", [10, 200])
@pytest.mark.parametrize("routed", [False, True])
def test_submission_statements(client, ask_data, users, routed, stored):
    QuestionFactory.create_batch(stored)
    if routed:
        RoutingRuleFactory(province=None, theme=None, assignee=users["kernteam"])
    statements = _statements(client, ask_data)
    # the test runs inside a transaction: the submission's own transaction is the one savepoint here
    assert len([s for s in statements if s.upper().startswith("SAVEPOINT")]) == 1, statements
    read = ('FROM "loket_organisation"', 'FROM "loket_province"', 'FROM "loket_theme"', 'FROM "questions_routingrule"')
    assert not [s for s in statements if any(table in s for table in read)], statements
    assert len(statements) <= MAX_STATEMENTS, statements
    question = Question.objects.get(subject=ask_data["subject"])
    assert question.organisation == Organisation.objects.get(pk=ask_data["organisation"])
    assert question.province == Province.objects.get(pk=ask_data["province"])
    assert (question.assignee_id == users["kernteam"].pk) is routed


def test_an_unknown_organisation_is_refused(client, ask_data):
    response = client.post("/vragen/stellen/", {**ask_data, "organisation": "999999"})
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "Kies een van de mogelijkheden uit de lijst." in response.content.decode()


def test_a_rule_saved_after_the_lists_were_cached_routes_the_next_question(
    client, ask_data, users, django_capture_on_commit_callbacks
):
    assert client.post("/vragen/stellen/", {**ask_data, "subject": "Voor de regel"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # saved in the admin: committed
        rule = RoutingRuleFactory(province=None, theme=None, assignee=users["kernteam"])
    assert client.post("/vragen/stellen/", {**ask_data, "subject": "Na de regel"}).status_code == 302
    assert Question.objects.get(subject="Voor de regel").assignee_id is None
    routed = Question.objects.get(subject="Na de regel")
    assert (routed.assignee_id, routed.routed_by_id) == (users["kernteam"].pk, rule.pk)
    assert routed.status_changes.filter(note__contains=rule.name).exists()
    with django_capture_on_commit_callbacks(execute=True):  # the assignee leaves: the rule no longer applies
        users["kernteam"].is_active = False
        users["kernteam"].save()
    assert client.post("/vragen/stellen/", {**ask_data, "subject": "Zonder regel"}).status_code == 302
    assert Question.objects.get(subject="Zonder regel").assignee_id is None


def test_a_theme_switched_off_after_the_lists_were_cached_is_refused(
    client, ask_data, django_capture_on_commit_callbacks
):
    assert client.post("/vragen/stellen/", {**ask_data, "subject": "De eerste"}).status_code == 302
    theme = Theme.objects.get(pk=ask_data["themes"][0] if isinstance(ask_data["themes"], list) else ask_data["themes"])
    with django_capture_on_commit_callbacks(execute=True):
        theme.is_active = False
        theme.save()
    response = client.post("/vragen/stellen/", ask_data)
    assert response.status_code == 200
    assert response.context["form"].has_error("themes", "invalid_choice")
    assert not Question.objects.filter(subject=ask_data["subject"]).exists()


@pytest.mark.parametrize("themes", [["abc"], ["1.5"], [str(2**63)], ["999999"]])
def test_a_bad_theme_is_refused_without_a_server_error(client, ask_data, themes):
    response = client.post("/vragen/stellen/", {**ask_data, "themes": themes})
    assert response.status_code == 200
    assert not Question.objects.exists()


def test_a_repeat_after_the_first_reached_the_rate_limit_gets_the_first_result(
    client, ask_data, settings, django_capture_on_commit_callbacks
):
    settings.QUESTIONS_RATE_LIMIT = 1
    key = submission_key(client.get("/vragen/stellen/"))
    with django_capture_on_commit_callbacks(execute=True):  # the first counts, on commit
        first = client.post("/vragen/stellen/", {**ask_data, "submission_key": key})
        second = client.post("/vragen/stellen/", {**ask_data, "submission_key": key})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Question.objects.count() == 1 and SubmissionKey.objects.count() == 1
    other = client.post("/vragen/stellen/", {**ask_data, "subject": "Een nieuwe vraag"})  # a new key: refused
    assert other.status_code == 429
