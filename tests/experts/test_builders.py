"""experts.builders: demo, bench and test experts gave consent to the current text, as joining does."""

import datetime as dt

import pytest
from django.utils import timezone

from experts.builders import NewExpert, build_expert, build_experts
from experts.models import Expert
from loket.core.models import Province, Theme

pytestmark = pytest.mark.django_db


def test_consent_is_to_the_current_text_and_confirms_the_profile(settings):
    settings.EXPERTS_CONSENT_VERSION = "2027-2"
    given = timezone.now() - dt.timedelta(days=30)
    themes, provinces = list(Theme.objects.order_by("code")[:2]), [Province.objects.get(code="PV26")]
    expert = build_expert(
        name="Eva", email="eva@example.nl", consent_given_at=given, themes=themes, provinces=provinces
    )
    expert.refresh_from_db()
    assert (expert.consent_version, expert.last_confirmed_at) == ("2027-2", given)
    assert expert.is_listed
    assert list(expert.themes.order_by("code")) == themes and list(expert.provinces.all()) == provinces


def test_what_the_caller_gives_is_kept_and_no_consent_means_no_version():
    given = timezone.now() - dt.timedelta(days=300)
    confirmed = given + dt.timedelta(days=100)
    old, unlisted = build_experts(
        [
            NewExpert(
                Expert(
                    name="Oud",
                    email="oud@example.nl",
                    consent_given_at=given,
                    consent_version="2024-1",
                    last_confirmed_at=confirmed,
                    created_at=given,
                )
            ),
            NewExpert(Expert(name="Nieuw", email="nieuw@example.nl")),
        ]
    )
    old.refresh_from_db()
    assert (old.consent_version, old.last_confirmed_at, old.created_at) == ("2024-1", confirmed, given)
    assert (unlisted.consent_version, unlisted.last_confirmed_at, unlisted.is_listed) == ("", None, False)
