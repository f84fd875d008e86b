import factory

from loket.core.models import LocationType, Province
from plans import quarters
from plans.models import LocationStatus, Plan, PlannedLocation, PlanVersion
from plans.workflow import Status


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("province",)

    province = factory.LazyFunction(lambda: Province.objects.get(code="PV26"))


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = Status.CONCEPT


class PlannedLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedLocation

    version = factory.SubFactory(PlanVersionFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")
    municipality = "Utrecht"
    location_type = factory.LazyFunction(lambda: LocationType.objects.get(code="AZC"))
    capacity = 100
    first_quarter = quarters.encode(2026, 1)
    last_quarter = None
    status = LocationStatus.EXISTING


def version_for(code: str, status: Status = Status.CONCEPT, number: int = 1) -> PlanVersion:
    plan, _ = Plan.objects.get_or_create(province=Province.objects.get(code=code))
    return PlanVersion.objects.create(plan=plan, number=number, status=status)


def add_locations(version: PlanVersion, count: int, **values) -> None:
    azc = LocationType.objects.get(code="AZC")
    defaults = {
        "municipality": "Utrecht",
        "location_type": azc,
        "capacity": 100,
        "first_quarter": quarters.encode(2026, 1),
        "status": LocationStatus.EXISTING,
    }
    defaults.update(values)
    PlannedLocation.objects.bulk_create(
        [PlannedLocation(version=version, name=f"Locatie {i}", **defaults) for i in range(count)]
    )
