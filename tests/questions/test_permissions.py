import pytest
from django.contrib.auth.models import AnonymousUser

from questions.selectors import questions_visible_to
from tests.questions.factories import QuestionFactory

CORE_PAGES = ["/kernteam/", "/kernteam/vragen/", "/kernteam/vragen/{pk}/"]

# role -> expected status for the core-team pages
EXPECTED = {
    None: 302,
    "prt_utrecht": 403,
    "prt_gelderland": 403,
    "cdk_utrecht": 403,
    "expert": 403,
    "lrt": 403,
    "beheerder": 403,
    "no_role": 403,
    "kernteam": 200,
    "kernteam2": 200,
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_core_team_pages_role_by_role(client_for, users, role):
    question = QuestionFactory(asker=users["prt_utrecht"])
    client = client_for(role)
    for page in CORE_PAGES:
        response = client.get(page.format(pk=question.pk))
        assert response.status_code == EXPECTED[role], (role, page)
        if role is None:
            assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), ("prt_utrecht", 200), ("cdk_utrecht", 200), ("kernteam", 200), ("no_role", 200)],
)
def test_mine_requires_login(client_for, role, expected):
    assert client_for(role).get("/vragen/").status_code == expected


@pytest.mark.parametrize("role", [None, "prt_utrecht", "kernteam", "no_role"])
def test_ask_is_public(client_for, role):
    assert client_for(role).get("/vragen/stellen/").status_code == 200


def test_scoping_function(users):
    mine = QuestionFactory(asker=users["prt_utrecht"])
    cdk = QuestionFactory(asker=users["cdk_utrecht"])
    other = QuestionFactory(asker=users["prt_gelderland"])
    anonymous = QuestionFactory(asker=None, asker_email=users["prt_utrecht"].email)
    everything = {mine, cdk, other, anonymous}
    assert set(questions_visible_to(users["kernteam"])) == everything
    assert set(questions_visible_to(users["prt_utrecht"])) == {mine}
    assert set(questions_visible_to(users["cdk_utrecht"])) == {cdk}
    assert set(questions_visible_to(users["prt_gelderland"])) == {other}
    assert set(questions_visible_to(users["lrt"])) == set()

    assert set(questions_visible_to(AnonymousUser())) == set()


def test_partner_cannot_reach_someone_elses_follow_page_without_token(client_for, users):
    other = QuestionFactory(asker=users["prt_gelderland"], subject="Geheime Gelderse vraag")
    html = client_for("prt_utrecht").get("/vragen/").content.decode()
    assert "Geheime Gelderse vraag" not in html
    assert client_for("prt_utrecht").get(f"/kernteam/vragen/{other.pk}/").status_code == 403
