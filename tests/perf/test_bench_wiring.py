"""The benchmark's question submission is a valid submission of the real form, and the rate limit
can be switched off (QUESTIONS_RATE_LIMIT=0, only the benchmark server does that)."""

import pytest
from django.urls import reverse

from bench import loadgen, scenarios, server
from bench.commands import run_bench
from questions.models import Question

pytestmark = pytest.mark.django_db


def _post(client, n: int):
    """As the load test does: GET the form, POST the bench's fields with the form's one-time key."""
    url = reverse("questions:ask")
    key = server.submission_key_from(client.get(url).content)
    return client.post(
        url, {**scenarios.question_form_fields(scenarios.reference_ids(), str(n)), "submission_key": key}
    )


def test_bench_fields_are_a_valid_question_and_limit_zero_means_off(client, settings):
    settings.QUESTIONS_RATE_LIMIT = 0
    for n in range(8):  # more than the default limit of 5 per hour from one address
        response = _post(client, n)
        assert response.status_code == 302, response.content.decode()[:500]
    assert Question.objects.filter(asker_email__endswith=f"@{scenarios.SUBMISSION_EMAIL_DOMAIN}").count() == 8
    assert scenarios.cleanup_submissions() >= 8


def test_the_rate_limit_still_holds_when_it_is_on(client, settings, django_capture_on_commit_callbacks):
    settings.QUESTIONS_RATE_LIMIT = 2
    statuses = []
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):  # a saved question counts on commit
            statuses.append(_post(client, n).status_code)
    assert statuses == [302, 302, 429]


def test_the_benchmark_post_body_submits_once_per_key(client, settings):
    """The wrk body of the POST scenario (with its placeholders filled in as loadgen does) is a valid
    submission; the same key twice creates one question, a new key another."""
    settings.QUESTIONS_RATE_LIMIT = 0
    scenario = next(s for s in scenarios.SCENARIOS if s.key == "ask_post")
    url = reverse("questions:ask")
    target = run_bench.build_target(scenario, url, {}, scenarios.reference_ids())
    form = "application/x-www-form-urlencoded"
    for n, key in [(1, 1), (2, 1), (3, 2)]:
        body = target.body.replace("__N__", f"w{n}").replace(loadgen.KEY_PLACEHOLDER, loadgen.unique_key(1, key, 0))
        assert client.post(url, body, content_type=form).status_code == 302
    assert Question.objects.filter(asker_email__endswith=f"@{scenarios.SUBMISSION_EMAIL_DOMAIN}").count() == 2
