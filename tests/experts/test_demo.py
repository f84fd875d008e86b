from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from experts.models import Expert, Introduction, IntroductionRequest, Referral, ReferralStatus
from loket.core.models import Organisation, Theme
from tests.conftest import login


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


def test_demo_pages_render_for_each_role(client, db):
    call_command("load_demo", stdout=StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    login(client, users["kernteam"])
    core = client.get(reverse("experts:core"))
    assert core.status_code == 200 and "Beoordelen en versturen" in core.content.decode()
    for referral in Referral.objects.all():
        assert client.get(reverse("experts:refer", kwargs={"question_pk": referral.question_id})).status_code == 200
        assert client.get(reverse("experts:detail", kwargs={"pk": referral.expert_id})).status_code == 200
    answered = Referral.objects.get(status=ReferralStatus.ANSWERED)
    assert client.get(reverse("experts:referral_review", kwargs={"pk": answered.pk})).status_code == 200
    assert client.get(reverse("experts:directory"), {"q": "flexwonen"}).status_code == 200
    login(client, users["deskundige"])
    page = client.get(reverse("experts:my_profile")).content.decode()
    assert "Vragen die voor u klaarstaan" in page
    login(client, users["prt-utrecht"])
    page = client.get(reverse("experts:directory")).content.decode()
    assert "Daan Deskundig" in page and "Breng mij in contact" in page
    assert "deskundige@demo.loket.example" not in page
