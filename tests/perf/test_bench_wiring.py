"""The benchmark's question submission is a valid submission of the real form, and the rate limit
can be switched off (QUESTIONS_RATE_LIMIT=0, only the benchmark server does that)."""

import pytest
from django.urls import reverse

from bench import scenarios
from questions.models import Question

pytestmark = pytest.mark.django_db


def _post(client, n: int):
    return client.post(reverse("questions:ask"), scenarios.question_form_fields(scenarios.reference_ids(), str(n)))


def test_bench_fields_are_a_valid_question_and_limit_zero_means_off(client, settings):
    settings.QUESTIONS_RATE_LIMIT = 0
    for n in range(8):  # more than the default limit of 5 per hour from one address
        response = _post(client, n)
        assert response.status_code == 302, response.content.decode()[:500]
    assert Question.objects.filter(asker_email__endswith=f"@{scenarios.SUBMISSION_EMAIL_DOMAIN}").count() == 8
    assert scenarios.cleanup_submissions() >= 8


def test_the_rate_limit_still_holds_when_it_is_on(client, settings):
    settings.QUESTIONS_RATE_LIMIT = 2
    assert [_post(client, n).status_code for n in range(3)] == [302, 302, 429]
