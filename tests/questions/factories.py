import datetime as dt

import factory
from django.utils import timezone

from loket.core.models import Theme
from questions.models import Question, RoutingRule


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda o: f"V-{o.year}-{o.sequence:05d}")
    asker_name = "Anna Vrager"
    asker_email = factory.Sequence(lambda n: f"vrager{n}@example.nl")
    organisation_name = "Gemeente Voorbeeld"
    subject = factory.Sequence(lambda n: f"Vraag over opvang {n}")
    body = "Hoe tellen tijdelijke locaties mee in het provinciale plan?"
    consent_at = factory.LazyFunction(timezone.now)
    received_at = factory.LazyFunction(timezone.now)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted or [Theme.objects.get(code="KWA")])


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    name = factory.Sequence(lambda n: f"Regel {n}")
    order = factory.Sequence(lambda n: (n + 1) * 10)
