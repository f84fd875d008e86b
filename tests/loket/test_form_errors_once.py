"""Issue #19 item 10: a form-level error is shown once (in the error summary), not again in the form box."""

from tests.questions.conftest import ask_data  # noqa: F401 - the fixture


def test_login_error_is_shown_once(client, users):
    response = client.post("/inloggen/", {"username": "kernteam", "password": "fout-wachtwoord"})
    html = response.content.decode()
    assert html.count("data-error-summary") == 1
    assert html.count("utrecht-alert--error") == 1


def test_question_form_error_is_shown_once(client, ask_data, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.QUESTIONS_RATE_LIMIT = 1
    with django_capture_on_commit_callbacks(execute=True):  # a saved question counts on commit
        assert client.post("/vragen/stellen/", ask_data).status_code == 302
    response = client.post("/vragen/stellen/", ask_data)
    assert response.status_code == 429
    assert response.content.decode().count("al veel vragen gesteld") == 1
