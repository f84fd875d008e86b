import factory
from django.utils import timezone

from experts.builders import build_expert
from experts.models import Availability, Expert
from loket.core.models import Organisation, Theme
from questions.builders import build_question


class ExpertFactory(factory.django.DjangoModelFactory):
    """A listed expert made by experts.builders (consent to the current text, confirmed then)."""

    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"Deskundige {n:04d}")
    email = factory.Sequence(lambda n: f"deskundige{n}@test.example")
    organisation = factory.LazyFunction(lambda: Organisation.objects.order_by("pk").first())
    function = "Beleidsadviseur"
    expertise = "Huisvesting van statushouders en flexibele opvanglocaties."
    availability = Availability.AVAILABLE
    consent_given_at = factory.LazyFunction(timezone.now)
    themes = ()
    provinces = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return build_expert(**kwargs)


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
