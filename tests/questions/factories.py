import factory

from loket.core.models import Theme
from questions.builders import build_question
from questions.models import Question, RoutingRule


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question made by questions.builders (reference, due date, consent and arrival as the domain
    sets them), without status history: tests of a move see only the row that move writes."""

    class Meta:
        model = Question

    asker_name = "Anna Vrager"
    asker_email = factory.Sequence(lambda n: f"vrager{n}@example.nl")
    organisation_name = "Gemeente Voorbeeld"
    subject = factory.Sequence(lambda n: f"Vraag over opvang {n}")
    body = "Hoe tellen tijdelijke locaties mee in het provinciale plan?"
    themes = factory.LazyFunction(lambda: [Theme.objects.get(code="KWA")])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return build_question(history=(), **kwargs)


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    name = factory.Sequence(lambda n: f"Regel {n}")
    order = factory.Sequence(lambda n: (n + 1) * 10)
