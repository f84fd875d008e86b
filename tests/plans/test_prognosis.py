from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from loket.core.models import Province
from loket.core.roles import sync_groups
from plans.models import PrognosisRound, ProvincePrognosis, SplitMethod
from plans.selectors import prognosis_rounds_due_for_mailing
from plans.services import prognosis_round_create, prognosis_round_mark_mailed, prognosis_round_publish
from plans.workflow import RoundStatus

from .conftest import csv_file, xlsx_file

pytestmark = pytest.mark.django_db

# COA's provincial tasks per 1 January 2024: stated total 77,100, the rows add up to 77,070.
COA_2024 = [
    ("PV22", "Drenthe", 3553),
    ("PV24", "Flevoland", 3449),
    ("PV21", "Fryslân", 3744),
    ("PV25", "Gelderland", 7590),
    ("PV20", "Groningen", 3851),
    ("PV31", "Limburg", 4355),
    ("PV30", "Noord-Brabant", 9658),
    ("PV27", "Noord-Holland", 11430),
    ("PV23", "Overijssel", 4081),
    ("PV26", "Utrecht", 4793),
    ("PV29", "Zeeland", 1469),
    ("PV28", "Zuid-Holland", 19097),
]


def test_core_team_creates_population_round_and_publishes(client_for, django_capture_on_commit_callbacks):
    client = client_for("kernteam")
    response = client.post(
        reverse("plans:prognosis_create"),
        {
            "reference_date": "2027-01-01",
            "method": SplitMethod.POPULATION,
            "national_total": "88000",
            "source": "MPP najaar 2026",
            "notes": "Toelichting",
        },
    )
    assert response.status_code == 302
    round_ = PrognosisRound.objects.get()
    assert (round_.status, round_.national_total, round_.mailing_due) == (RoundStatus.DRAFT, 88000, False)
    assert sum(round_.provinces.values_list("figure", flat=True)) == 88000
    # Visitors do not see a draft.
    assert client_for(None).get(reverse("plans:prognosis_detail", kwargs={"pk": round_.pk})).status_code == 404
    client = client_for("kernteam")
    client.post(reverse("plans:prognosis_publish", kwargs={"pk": round_.pk}))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
    assert round_.mailing_due is True
    assert round_.published_by.username == "kernteam"
    page = client_for(None).get(reverse("plans:prognosis")).content.decode()
    assert "88.000" in page and "Utrecht" in page


def test_invalid_numbers_get_dutch_errors(client_for):
    client = client_for("kernteam")
    for total in ("", "-5", "12,5", "veel"):
        response = client.post(
            reverse("plans:prognosis_create"),
            {"reference_date": "2027-01-01", "method": "inwoners", "national_total": total, "source": "x"},
        )
        assert response.status_code == 200
        assert "Er ging iets mis" in response.content.decode()
    response = client.post(reverse("plans:prognosis_create"), {"reference_date": "morgen", "method": "inwoners"})
    assert response.status_code == 200
    assert not PrognosisRound.objects.exists()


def test_table_import_keeps_stated_total_and_shows_difference(client_for):
    rows = [["code", "provincie", "opgave"], *[list(r) for r in COA_2024], ["", "Totaal", 77100]]
    client = client_for("kernteam")
    response = client.post(
        reverse("plans:prognosis_create"),
        {"reference_date": "2024-01-01", "method": "tabel", "source": "COA", "table_file": xlsx_file(rows)},
    )
    assert response.status_code == 302
    round_ = PrognosisRound.objects.get()
    assert (round_.national_total, round_.stated_total) == (77070, 77100)
    page = client.get(reverse("plans:prognosis_detail", kwargs={"pk": round_.pk})).content.decode()
    assert "verschil met de som van de delen (77070): +30" in page


def test_table_by_name_in_csv_and_stated_total_field(client_for):
    text = "provincie;opgave\n" + "".join(f"{name};{figure}\n" for _code, name, figure in COA_2024)
    text = text.replace("Fryslân", "Friesland")
    client = client_for("kernteam")
    response = client.post(
        reverse("plans:prognosis_create"),
        {
            "reference_date": "2024-01-01",
            "method": "tabel",
            "source": "COA",
            "stated_total": "77070",
            "table_file": csv_file(text),
        },
    )
    assert response.status_code == 302
    assert PrognosisRound.objects.get().stated_total == 77070


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,opgave\nPV26,100\n", "Deze provincies ontbreken"),
        ("code,opgave\nPV99,100\n", "geen bekende provincie"),
        ("code,opgave\nPV26,veel\n", "geheel getal"),
        ("code,opgave\nPV26,1\nPV26,2\n", "meer dan één keer"),
        ("foo,bar\n1,2\n", "kopregel"),
    ],
)
def test_bad_tables_refused(client_for, text, message):
    response = client_for("kernteam").post(
        reverse("plans:prognosis_create"),
        {"reference_date": "2024-01-01", "method": "tabel", "source": "x", "table_file": csv_file(text)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PrognosisRound.objects.exists()


def _round(total, by, reference=date(2026, 7, 1), publish=True):
    round_ = prognosis_round_create(reference_date=reference, national_total=total, source="MPP", by=by)
    if publish:
        round_ = prognosis_round_publish(round_=round_, by=by)
    return round_


def test_published_round_cannot_be_changed_by_any_request(client_for, users):
    round_ = _round(31000, users["kernteam"])
    before = list(round_.provinces.order_by("province_id").values_list("province_id", "figure"))
    kwargs = {"pk": round_.pk}
    for user in ("kernteam", "kernteam2", "lrt", "prt_utrecht", "beheerder", None):
        client = client_for(user)
        client.post(
            reverse("plans:prognosis_update", kwargs=kwargs),
            {"reference_date": "2030-01-01", "method": "inwoners", "national_total": "1", "source": "x"},
        )
        client.post(reverse("plans:prognosis_delete", kwargs=kwargs))
        client.post(reverse("plans:prognosis_publish", kwargs=kwargs))
    round_.refresh_from_db()
    assert (round_.national_total, round_.reference_date, round_.source) == (31000, date(2026, 7, 1), "MPP")
    assert list(round_.provinces.order_by("province_id").values_list("province_id", "figure")) == before


def test_draft_round_can_be_edited_and_deleted(client_for, users):
    round_ = _round(31000, users["kernteam"], publish=False)
    client = client_for("kernteam")
    response = client.post(
        reverse("plans:prognosis_update", kwargs={"pk": round_.pk}),
        {"reference_date": "2027-01-01", "method": "inwoners", "national_total": "42000", "source": "MPP 2"},
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.national_total == 42000
    assert sum(round_.provinces.values_list("figure", flat=True)) == 42000
    client.post(reverse("plans:prognosis_delete", kwargs={"pk": round_.pk}))
    assert not PrognosisRound.objects.exists()


def test_change_since_previous_round_per_province(client_for, users):
    first = _round(31000, users["kernteam"])
    second = _round(42000, users["kernteam"], reference=date(2027, 1, 1))
    assert second.previous_round == first
    utrecht = Province.objects.get(code="PV26")
    before = first.provinces.get(province=utrecht).figure
    after = second.provinces.get(province=utrecht).figure
    page = client_for(None).get(reverse("plans:prognosis_detail", kwargs={"pk": second.pk})).content.decode()
    assert f"+{after - before}" in page
    export = client_for(None).get(reverse("plans:prognosis_export", kwargs={"pk": second.pk}))
    assert export.status_code == 200


def test_round_pages_need_core_team_to_write(client_for, users):
    round_ = _round(31000, users["kernteam"], publish=False)
    for user, expected in [(None, 302), ("prt_utrecht", 403), ("lrt", 403), ("kernteam", 200)]:
        assert client_for(user).get(reverse("plans:prognosis_create")).status_code == expected
        assert client_for(user).get(reverse("plans:prognosis_update", kwargs={"pk": round_.pk})).status_code == expected
    assert client_for("kernteam").get(reverse("plans:prognosis_update", kwargs={"pk": 9999})).status_code == 404


def test_mailing_due_after_publication_until_marked_mailed(users):
    draft = _round(31000, users["kernteam"], publish=False)
    assert not prognosis_rounds_due_for_mailing().exists()
    published = prognosis_round_publish(round_=draft, by=users["kernteam"])
    assert list(prognosis_rounds_due_for_mailing()) == [published]
    first = prognosis_round_mark_mailed(round_=published).mailed_at
    assert prognosis_round_mark_mailed(round_=published).mailed_at == first
    assert not prognosis_rounds_due_for_mailing().exists()


def test_admin_is_read_only_for_rounds(client_for, users):
    sync_groups()  # the Beheerder group gets the permissions of every app (see the report on post_migrate order)
    round_ = _round(31000, users["kernteam"])
    client = client_for("beheerder")
    assert client.get(f"/beheer/plans/prognosisround/{round_.pk}/change/").status_code == 200
    client.post(f"/beheer/plans/prognosisround/{round_.pk}/change/", {"national_total": "1"})
    client.post(f"/beheer/plans/prognosisround/{round_.pk}/delete/", {"post": "yes"})
    round_.refresh_from_db()
    assert round_.national_total == 31000


@pytest.mark.parametrize("size", [10, 500])
def test_prognosis_list_constant_queries(client_for, users, django_assert_max_num_queries, size):
    provinces = list(Province.objects.all())
    rounds = PrognosisRound.objects.bulk_create(
        [
            PrognosisRound(
                reference_date=date.fromordinal(date(2000, 1, 1).toordinal() + i),  # one published per date
                national_total=1200,
                method="inwoners",
                source=f"ronde {i}",
                status=RoundStatus.PUBLISHED,
                published_at=timezone.now(),
            )
            for i in range(size)
        ]
    )
    ProvincePrognosis.objects.bulk_create(
        [ProvincePrognosis(round=r, province=p, figure=100) for r in rounds for p in provinces]
    )
    for user in ("kernteam", None):
        client = client_for(user)
        # 16: the map of the current quarter (plans.maps) adds the capacity picture of one quarter
        with django_assert_max_num_queries(16):
            assert client.get(reverse("plans:prognosis")).status_code == 200


def test_second_round_for_a_published_reference_date_is_refused(client_for, users):
    """#19 item 11: a round with the reference date of a published round gets an error next to the date
    field and is not stored; publishing a second round for one date is refused by the service and the DB."""
    kernteam = users["kernteam"]
    first = prognosis_round_create(reference_date=date(2027, 1, 1), national_total=1200, source="a", by=kernteam)
    draft = prognosis_round_create(reference_date=date(2027, 1, 1), national_total=1300, source="b", by=kernteam)
    prognosis_round_publish(round_=first, by=kernteam)
    client = client_for("kernteam")
    data = {"reference_date": "2027-01-01", "method": "inwoners", "national_total": "900", "source": "MPP"}
    response = client.post(reverse("plans:prognosis_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Er is al een gepubliceerde ronde met peildatum 1 jan. 2027" in " ".join(form.errors["reference_date"])
    assert "Er is al een gepubliceerde ronde met peildatum 1 jan. 2027" in response.content.decode()
    assert PrognosisRound.objects.count() == 2
    # Editing the other draft to keep that date is refused the same way; another date is fine.
    response = client.post(reverse("plans:prognosis_update", kwargs={"pk": draft.pk}), data)
    assert "reference_date" in response.context["form"].errors
    # Publishing the draft that still has the date is refused with a Dutch message; nothing changes.
    response = client.post(reverse("plans:prognosis_publish", kwargs={"pk": draft.pk}), follow=True)
    assert "Er is al een gepubliceerde ronde met peildatum 1 jan. 2027" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == RoundStatus.DRAFT
    with pytest.raises(ValidationError):
        prognosis_round_publish(round_=draft, by=kernteam)
    # The database refuses it too, whatever path writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        PrognosisRound.objects.filter(pk=draft.pk).update(status=RoundStatus.PUBLISHED)
    data["reference_date"] = "2027-07-01"
    assert client.post(reverse("plans:prognosis_update", kwargs={"pk": draft.pk}), data).status_code == 302
    prognosis_round_publish(round_=draft, by=kernteam)
