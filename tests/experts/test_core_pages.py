"""Core-team pages keep a constant number of queries, whatever the number of rows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from experts.models import Expert, IntroductionRequest, Referral, ReferralStatus

from .factories import make_question


def _rows(n: int, users, themes) -> None:
    now = timezone.now()
    old = now - timedelta(days=300)
    start = Expert.objects.count()
    Expert.objects.bulk_create(
        Expert(name=f"Rij {k}", email=f"rij{k}@test.example", consent_given_at=old, last_confirmed_at=old)
        for k in range(start, start + n)
    )
    experts = list(Expert.objects.order_by("-pk")[:n])
    Expert.themes.through.objects.bulk_create(
        [Expert.themes.through(expert_id=e.pk, theme_id=themes["a"].pk) for e in experts]
    )
    question = make_question(themes=[themes["a"]])
    Referral.objects.bulk_create(
        Referral(question=question, expert=e, status=ReferralStatus.ANSWERED, answered_at=now, response="x")
        for e in experts
    )
    Referral.objects.bulk_create(
        Referral(question=question, expert=e, status=ReferralStatus.SENT, reminded_at=now) for e in experts
    )
    IntroductionRequest.objects.bulk_create(
        IntroductionRequest(expert=e, requested_by=users["prt_utrecht"], message="Graag contact") for e in experts
    )


@pytest.mark.parametrize("page", ["core", "refer"])
def test_core_pages_query_count_constant(client_for, users, themes, django_assert_max_num_queries, page):
    client = client_for("kernteam")
    question = make_question(themes=[themes["a"]])
    url = reverse("experts:core") if page == "core" else reverse("experts:refer", kwargs={"question_pk": question.pk})
    _rows(10, users, themes)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    _rows(500, users, themes)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert "Rij " in response.content.decode()
