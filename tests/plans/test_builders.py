"""plans.builders: bench and test rounds and versions follow the rules of the plans app."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.core.models import LocationType, Province
from plans.builders import NewVersion, build_plan_versions, build_prognosis_round, plan_for
from plans.models import PlannedLocation, PlanVersion
from plans.services import split_by_population
from plans.workflow import Status

pytestmark = pytest.mark.django_db


def test_a_round_by_population_is_the_largest_remainder_split_and_follows_the_previous_round():
    earlier = build_prognosis_round(
        reference_date=dt.date(2026, 1, 1), national_total=1000, source="A", published_at=timezone.now()
    )
    later = build_prognosis_round(reference_date=dt.date(2026, 7, 1), national_total=88000, source="B")
    figures = dict(later.provinces.values_list("province_id", "figure"))
    assert figures == split_by_population(88000) and sum(figures.values()) == 88000 == later.national_total
    assert later.previous_round == earlier and later.published_at is not None
    table = build_prognosis_round(
        reference_date=dt.date(2024, 1, 1), figures={Province.objects.get(code="PV26").pk: 7}, source="Tabel"
    )
    assert table.national_total == 7


def test_versions_take_the_next_number_of_their_plan_and_carry_their_dates():
    utrecht, gelderland = plan_for(Province.objects.get(code="PV26")), plan_for(Province.objects.get(code="PV25"))
    PlanVersion.objects.create(plan=utrecht, number=3)
    azc = LocationType.objects.get(code="AZC")
    created = timezone.now() - dt.timedelta(days=40)
    adopted, concept, first = build_plan_versions(
        [
            NewVersion(PlanVersion(plan=utrecht, status=Status.ADOPTED, created_at=created)),
            NewVersion(
                PlanVersion(plan=utrecht),
                locations=[PlannedLocation(name="Azc", municipality="Utrecht", location_type=azc, capacity=100,
                                           first_quarter=8100, status="bestaand")],
            ),
            NewVersion(PlanVersion(plan=gelderland)),
        ]
    )  # fmt: skip
    assert [(v.plan, v.number) for v in (adopted, concept, first)] == [(utrecht, 4), (utrecht, 5), (gelderland, 1)]
    assert adopted.submitted_at == adopted.adopted_at == created
    assert concept.submitted_at is None and concept.status == Status.CONCEPT
    assert list(concept.locations.values_list("name", flat=True)) == ["Azc"]
