import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from loket.core.markdown import render_markdown
from plans.models import Plan, PlannedLocation, PlanVersion, PrognosisRound
from plans.selectors import plan_progress
from plans.services import plan_version_transition
from plans.workflow import RoundStatus, Status

from .factories import add_locations, version_for


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("[klik](javascript:alert(1))", "javascript:"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<a href="#" style="color:red">x</a>', "style="),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
    ],
)
def test_markdown_is_rendered_safely(source, forbidden):
    # One renderer (loket.core.markdown): raw HTML is shown as text (escaped), never as markup.
    html = render_markdown(source, top_level=4)
    markup = re.sub(r"&lt;.*?&gt;", "", html)  # what remains are real tags and plain text
    assert forbidden not in markup
    assert "<img" not in html and "<a href=" not in html


def test_markdown_keeps_formatting():
    html = render_markdown(top_level=4, text="# Kop\n\n**vet** en [site](https://www.coa.nl)\n\n- a\n- b")
    assert "<h4>Kop</h4>" in html
    assert "<strong>vet</strong>" in html
    assert 'href="https://www.coa.nl"' in html
    assert "<li>a</li>" in html


@pytest.mark.django_db
def test_narrative_rendered_safely_on_page(client_for):
    version = version_for("PV26", Status.ADOPTED)
    version.risks = "**Let op** <script>alert('x')</script>"
    version.save()
    page = client_for(None).get(reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": 1}))
    content = page.content.decode()
    assert "<strong>Let op</strong>" in content
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in content  # shown as text, as in a publication


@pytest.mark.django_db
def test_plan_progress_contract(users):
    version = version_for("PV26", Status.IN_PRT, number=1)
    add_locations(version, 1)

    plan_version_transition(version=version, to=Status.SUBMITTED, by=users["prt_utrecht"])
    rows = plan_progress()
    assert len(rows) == 12
    utrecht = next(r for r in rows if r["province"].code == "PV26")
    assert utrecht["version_number"] == 1
    assert utrecht["stage"] == Status.SUBMITTED
    assert utrecht["days_since_submission"] == 0
    assert set(utrecht) == {
        "province",
        "plan",
        "version_number",
        "stage",
        "last_change",
        "days_since_change",
        "days_since_submission",
    }
    groningen = next(r for r in rows if r["province"].code == "PV20")
    assert groningen["stage"] is None and groningen["version_number"] is None


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (PrognosisRound.objects.count(), PlanVersion.objects.count(), PlannedLocation.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (PrognosisRound.objects.count(), PlanVersion.objects.count(), PlannedLocation.objects.count()) == counts
    published = PrognosisRound.objects.filter(status=RoundStatus.PUBLISHED).order_by("published_at")
    assert [r.national_total for r in published] == [31000, 42000]
    assert Plan.objects.count() == 12
    for plan in Plan.objects.all():
        assert 2 <= plan.versions.count() <= 4
        latest = plan.versions.order_by("-number").first()
        assert 5 <= latest.locations.count() <= 40
    assert PlanVersion.objects.filter(plan__province__code="PV26", status=Status.CONCEPT).exists()


@pytest.mark.django_db
def test_narrative_form_refuses_raw_html_like_every_markdown_field(client_for):
    version = version_for("PV26", Status.CONCEPT)
    url = reverse("plans:version_edit", kwargs={"province_code": "PV26", "number": 1})
    client = client_for("prt_utrecht")
    response = client.post(
        url, {"scaling": "Tekst <b>vet</b>", "risks": "[klik](javascript:alert(1))", "row_version": 0}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "HTML is niet toegestaan" in page and "Deze link is niet toegestaan" in page
    version.refresh_from_db()
    assert version.scaling == "" and version.risks == ""
    saved = client.post(url, {"scaling": "**Op**schaling in [stappen](https://www.coa.nl)", "row_version": 0})
    assert saved.status_code == 302
    version.refresh_from_db()
    assert version.scaling.startswith("**Op**")
