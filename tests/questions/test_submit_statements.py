"""Issue 21 item 6: a question submitted through the web form costs a fixed, small number of SQL
statements: no savepoint inside the submission's one transaction, no lookup of the organisation or
province (the cached reference lists hold them), with or without a routing rule that matches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.core.models import Organisation, Province
from questions.models import Question
from tests.questions.factories import RoutingRuleFactory

pytestmark = pytest.mark.django_db

# the themes with their terms, (BEGIN,) the submission key, the counter, the question, its themes, its
# history, the routing rules, (the routing UPDATE and its history,) the key's result, (COMMIT)
MAX_STATEMENTS = 13


def _statements(client, data) -> list[str]:
    # a first submission of the year: the reference lists in the cache and the year's counter made,
    # as on a busy portal
    assert client.post("/vragen/stellen/", {**data, "subject": "De eerste"}).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/vragen/stellen/", data)
    assert response.status_code == 302, response.content[:2000]
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("routed", [False, True])
def test_submission_statements(client, ask_data, users, routed):
    if routed:
        RoutingRuleFactory(province=None, theme=None, assignee=users["kernteam"])
    statements = _statements(client, ask_data)
    # the test runs inside a transaction: the submission's own transaction is the one savepoint here
    assert len([s for s in statements if s.upper().startswith("SAVEPOINT")]) == 1, statements
    assert not [s for s in statements if 'FROM "loket_organisation"' in s or 'FROM "loket_province"' in s]
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
