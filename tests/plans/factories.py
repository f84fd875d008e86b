import factory

from loket.core.models import LocationType, Province
from plans import quarters
from plans.builders import build_locations, build_plan_version, plan_for
from plans.models import LocationStatus, Plan, PlannedLocation, PlanVersion
from plans.workflow import Status


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    province = factory.LazyFunction(lambda: Province.objects.get(code="PV26"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return plan_for(kwargs["province"])


class PlanVersionFactory(factory.django.DjangoModelFactory):
    """A version made by plans.builders: the next number of its plan."""

    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    status = Status.CONCEPT

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return build_plan_version(**kwargs)


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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        version = kwargs.pop("version")
        return build_locations(version=version, locations=[PlannedLocation(**kwargs)])[0]


def version_for(code: str, status: Status = Status.CONCEPT, number: int = 1) -> PlanVersion:
    return build_plan_version(province=Province.objects.get(code=code), status=status, number=number)


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
    build_locations(version=version, locations=[PlannedLocation(name=f"Locatie {i}", **defaults) for i in range(count)])
