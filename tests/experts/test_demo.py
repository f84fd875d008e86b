from io import StringIO

from django.core.management import call_command

from experts.models import Expert, Introduction, IntroductionRequest, Referral, ReferralStatus
from loket.models import Organisation, Theme


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo", stdout=StringIO())
    counts = (
        Expert.objects.count(),
        Referral.objects.count(),
        Introduction.objects.count(),
        IntroductionRequest.objects.count(),
    )
    call_command("load_demo", stdout=StringIO())
    assert counts == (
        Expert.objects.count(),
        Referral.objects.count(),
        Introduction.objects.count(),
        IntroductionRequest.objects.count(),
    )
    assert 55 <= Expert.objects.count() <= 70
    assert Expert.objects.filter(consent_withdrawn_at__isnull=False).exists()
    assert Expert.objects.filter(availability="niet_beschikbaar").exists()
    used_themes = set(Expert.themes.through.objects.values_list("theme_id", flat=True))
    assert used_themes == set(Theme.objects.filter(is_active=True).values_list("pk", flat=True))
    assert set(Expert.objects.values_list("organisation_id", flat=True)) >= set(
        Organisation.objects.values_list("pk", flat=True)
    )
    daan = Expert.objects.get(user__username="deskundige")
    assert daan.referrals.filter(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]).count() >= 1
    for referral in daan.referrals.all():
        assert referral.question.status == "bij_deskundige"
