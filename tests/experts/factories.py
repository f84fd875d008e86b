import datetime

import factory
from django.utils import timezone

from experts.models import Availability, Expert
from loket.core.models import Organisation, Theme
from questions.models import Question


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


_seq = iter(range(1, 10**6))


def make_question(*, themes=(), province=None, status="toegewezen", email="vrager@test.example", **kwargs):
    n = next(_seq)
    now = timezone.now()
    question = Question.objects.create(
        reference=f"V-2026-{n:05d}",
        year=2026,
        sequence=n,
        asker_name="Vera Vrager",
        asker_email=email,
        subject=kwargs.pop("subject", "Hoe verdelen we de opvangplekken over de regio?"),
        body=kwargs.pop("body", "Wij willen weten hoe andere provincies de verdeling regelen."),
        consent_at=now,
        received_at=now,
        due_date=now.date() + datetime.timedelta(days=7),
        status=status,
        province=province,
        **kwargs,
    )
    question.themes.set(themes or [Theme.objects.filter(parent__isnull=False).first()])
    return question
