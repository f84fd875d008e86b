import pytest

from loket.core.models import Theme
from questions.models import RoutingRule
from tests.questions.factories import QuestionFactory


@pytest.mark.parametrize("model", ["routingrule", "standardanswer", "themedeadline", "question"])
@pytest.mark.parametrize("role", ["beheerder", "kernteam"])
def test_admin_changelists(client_for, users, model, role):
    QuestionFactory()
    response = client_for(role).get(f"/beheer/questions/{model}/")
    expected = 403 if (role == "kernteam" and model == "question") else 200
    assert response.status_code == expected


def test_question_admin_is_read_mostly(client_for, users):
    question = QuestionFactory()
    client = client_for("beheerder")
    assert client.get(f"/beheer/questions/question/{question.pk}/change/").status_code == 200
    assert client.get("/beheer/questions/question/add/").status_code == 403
    assert question.token not in client.get(f"/beheer/questions/question/{question.pk}/change/").content.decode()


def test_core_team_manages_routing_rules(client_for, users):
    client = client_for("kernteam")
    theme = Theme.objects.get(code="LOC")
    response = client.post(
        "/beheer/questions/routingrule/add/",
        {
            "order": 10,
            "name": "Locaties",
            "is_active": "on",
            "theme": theme.pk,
            "province": "",
            "organisation_type": "",
            "assignee": users["kernteam2"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RoutingRule.objects.get().assignee == users["kernteam2"]
    # only core-team members can be chosen as assignee
    response = client.post(
        "/beheer/questions/routingrule/add/",
        {"order": 20, "name": "Fout", "is_active": "on", "assignee": users["prt_utrecht"].pk},
    )
    assert response.status_code == 200
    assert RoutingRule.objects.count() == 1
