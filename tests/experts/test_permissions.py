"""Role x page -> expected status (anonymous -> login, no role -> 403, missing object -> 404)."""

import pytest
from django.urls import reverse

from experts.services import referral_answer, referral_create

from .factories import ExpertFactory, make_question

ROLES = [None, "no_role", "prt_utrecht", "cdk_utrecht", "expert", "lrt", "kernteam"]
CORE_ONLY = {
    None: 302,
    "no_role": 403,
    "prt_utrecht": 403,
    "cdk_utrecht": 403,
    "expert": 403,
    "lrt": 403,
    "kernteam": 200,
}
DIRECTORY = {
    None: 302,
    "no_role": 403,
    "prt_utrecht": 200,
    "cdk_utrecht": 200,
    "expert": 200,
    "lrt": 200,
    "kernteam": 200,
}
OWN_PROFILE = {
    None: 302,
    "no_role": 404,
    "prt_utrecht": 404,
    "cdk_utrecht": 404,
    "expert": 200,
    "lrt": 404,
    "kernteam": 404,
}
PUBLIC = dict.fromkeys(ROLES, 200)

PAGES = {
    "directory": (lambda o: reverse("experts:directory"), DIRECTORY),
    "request_introduction": (
        lambda o: reverse("experts:request_introduction", kwargs={"pk": o["expert"].pk}),
        DIRECTORY,
    ),
    "my_profile": (lambda o: reverse("experts:my_profile"), OWN_PROFILE),
    "manage_request": (lambda o: reverse("experts:manage_request"), PUBLIC),
    "core": (lambda o: reverse("experts:core"), CORE_ONLY),
    "detail": (lambda o: reverse("experts:detail", kwargs={"pk": o["expert"].pk}), CORE_ONLY),
    "refer": (lambda o: reverse("experts:refer", kwargs={"question_pk": o["question"].pk}), CORE_ONLY),
    "referral_review": (lambda o: reverse("experts:referral_review", kwargs={"pk": o["referral"].pk}), CORE_ONLY),
    "introduction_create": (lambda o: reverse("experts:introduction_create"), CORE_ONLY),
}


@pytest.fixture
def objects(expert_user_profile, themes):
    question = make_question(themes=[themes["a"]])
    other = ExpertFactory(themes=[themes["a"]])
    referral = referral_create(question=question, expert=other, by=None)
    referral_answer(referral=referral, body="Antwoord")
    return {"expert": expert_user_profile, "question": question, "referral": referral}


@pytest.mark.parametrize("page", PAGES)
def test_role_x_page(page, client_for, objects):
    url_for, expected = PAGES[page]
    url = url_for(objects)
    for role in ROLES:
        response = client_for(role).get(url)
        assert response.status_code == expected[role], (page, role, response.status_code)
        if response.status_code == 200:
            assert response.content.decode().count("<h1") == 1
        if response.status_code == 302:
            assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize(
    "url",
    [
        "/kernteam/vragen/999999/doorverwijzen/",
        "/kernteam/deskundigen/999999/",
        "/kernteam/doorverwijzingen/999999/",
        "/deskundigen/999999/contact/",
        "/kernteam/deskundigen/introductie/?verzoek=999999",
    ],
)
def test_missing_objects_are_404(client_for, url):
    assert client_for("kernteam").get(url).status_code == 404


def test_post_only_core_team(client_for, objects):
    referral = objects["referral"]
    for role, status in [(None, 302), ("prt_utrecht", 403), ("expert", 403)]:
        client = client_for(role)
        assert client.post(reverse("experts:referral_withdraw", kwargs={"pk": referral.pk})).status_code == status
        assert client.post(reverse("experts:invite"), {"email": "x@test.example"}).status_code == status
        assert (
            client.post(reverse("experts:referral_review", kwargs={"pk": referral.pk}), {"body": "x"}).status_code
            == status
        )
    referral.refresh_from_db()
    assert referral.answer_sent_at is None


def test_partner_cannot_see_unlisted_expert(client_for, db):
    hidden = ExpertFactory(consent_given_at=None)
    assert (
        client_for("prt_utrecht").get(reverse("experts:request_introduction", kwargs={"pk": hidden.pk})).status_code
        == 404
    )
