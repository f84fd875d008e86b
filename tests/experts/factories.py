import factory
from django.utils import timezone

from experts.models import Availability, Expert
from loket.core.models import Organisation, Theme
from questions.builders import build_question


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Deskundige {n:04d}")
    email = factory.Sequence(lambda n: f"deskundige{n}@test.example")
    organisation = factory.LazyFunction(lambda: Organisation.objects.order_by("pk").first())
    function = "Beleidsadviseur"
    expertise = "Huisvesting van statushouders en flexibele opvanglocaties."
    availability = Availability.AVAILABLE
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_version = "2026-1"
    last_confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces.set(extracted)


def make_question(*, themes=(), province=None, status="toegewezen", email="vrager@test.example", **kwargs):
    return build_question(
        history=(),
        themes=themes or [Theme.objects.filter(parent__isnull=False).first()],
        asker_name="Vera Vrager",
        asker_email=email,
        subject=kwargs.pop("subject", "Hoe verdelen we de opvangplekken over de regio?"),
        body=kwargs.pop("body", "Wij willen weten hoe andere provincies de verdeling regelen."),
        status=status,
        province=province,
        **kwargs,
    )
