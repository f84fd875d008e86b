"""Factories for the loket app's publications, subscriptions and mailings."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from loket.core.models import Province
from loket.mailings.models import Mailing, Subscription
from loket.publications.builders import build_publication
from loket.publications.models import Publication, PublicationKind, PublicationStatus
from plans.builders import build_prognosis_round
from questions.builders import Message, build_question
from questions.models import MessageKind


class PublicationFactory(factory.django.DjangoModelFactory):
    """A publication made by loket.publications.builders (published yesterday unless told otherwise)."""

    class Meta:
        model = Publication

    kind = PublicationKind.NEWS
    title = factory.Sequence(lambda n: f"Publicatie {n}")
    slug = factory.Sequence(lambda n: f"publicatie-{n}")
    summary = "Een korte samenvatting."
    body = "De tekst van de publicatie."
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    themes = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return build_publication(**kwargs)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"abonnee{n}@voorbeeld.nl")
    general_news = True
    confirmed_at = factory.LazyFunction(timezone.now)


class MailingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailing

    subject = "Nieuws van het loket"
    body = "## Nieuw\n\nEr is een nieuw **kader** gepubliceerd."


def make_question(*, answered: bool = True, by=None, **overrides):
    """An answered question, made by questions.builders."""
    fields = {
        "asker_name": "Jan de Vries",
        "asker_email": "jan.devries@gemeente-utrecht.example.nl",
        "organisation_name": "Gemeente Zeist",
        "subject": "Tijdelijke opvanglocatie in een kantoorpand",
        "body": (
            "Ik ben Jan de Vries van gemeente Zeist. Mag een leegstaand kantoor als tijdelijke opvanglocatie "
            "dienen? Bel mij op 06-12345678 of mail jan.devries@gemeente-utrecht.example.nl. Groet, Jan."
        ),
        "status": "beantwoord" if answered else "nieuw",
        **overrides,
    }
    answer = Message(
        kind=MessageKind.ANSWER,
        author=by,
        author_name="Kim de Kern",
        body="Beste Jan, ja dat mag, als het bestemmingsplan het toelaat. Zie het kader tijdelijke huisvesting.",
    )
    return build_question(history=(), messages=[answer] if answered else [], **fields)


def make_round(*, reference_date: date, national_total: int, figures: dict, published: bool = True, **extra):
    """A prognosis round with figures per province code (plans.builders)."""
    provinces = dict(Province.objects.values_list("code", "pk"))
    return build_prognosis_round(
        reference_date=reference_date,
        national_total=national_total,
        figures={provinces[code]: figure for code, figure in figures.items()},
        method="inwoners",
        source="Prognose Uitvoeringsorganisaties",
        status="gepubliceerd" if published else "concept",
        **extra,
    )
