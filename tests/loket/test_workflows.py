"""One mechanism for every workflow: each transition service refuses an illegal move through
`loket.core.workflow.check_transition`, with the same code and the same Dutch sentence."""

import pytest
from django.core.exceptions import ValidationError

from experts.models import Referral
from experts.services import referral_transition
from experts.workflow import ReferralStatus
from loket.core.workflow import can_transition, check_transition
from loket.mailings.services import mailing_transition
from loket.mailings.subscriptions import subscription_transition
from loket.mailings.workflow import MailingStatus, SubscriptionStatus
from loket.publications.services import publication_transition
from loket.publications.workflow import TRANSITIONS as PUBLICATION_TRANSITIONS
from loket.publications.workflow import PublicationStatus
from monitoring.services import signal_transition
from monitoring.workflow import Status as SignalStatus
from plans.services import plan_version_transition
from plans.workflow import Status as VersionStatus
from questions.services import question_transition
from questions.workflow import Status as QuestionStatus
from tests.experts.factories import ExpertFactory, make_question
from tests.loket.factories import MailingFactory, PublicationFactory, SubscriptionFactory
from tests.monitoring.factories import SignalFactory
from tests.plans.factories import version_for
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def refuse_question(by):
    question = QuestionFactory(status=QuestionStatus.CLOSED)
    question_transition(question=question, to=QuestionStatus.NEW, by=by)


def refuse_version(by):
    version = version_for("PV26", VersionStatus.ADOPTED)
    plan_version_transition(version=version, to=VersionStatus.CONCEPT, by=by)


def refuse_signal(by):
    signal_transition(signal=SignalFactory(status=SignalStatus.OPEN), to=SignalStatus.DECIDED, by=by)


def refuse_referral(by):
    referral = Referral.objects.create(question=make_question(), expert=ExpertFactory(), status=ReferralStatus.EXPIRED)
    referral_transition(referral=referral, to=ReferralStatus.ACCEPTED, by=by)


def refuse_publication(by):
    publication = PublicationFactory(status=PublicationStatus.DRAFT)
    publication_transition(publication=publication, to=PublicationStatus.WITHDRAWN, by=by)


def refuse_mailing(by):
    mailing_transition(mailing=MailingFactory(status=MailingStatus.SENT), to=MailingStatus.DRAFT, by=by)


def refuse_subscription(by):
    subscription_transition(subscription=SubscriptionFactory(), to=SubscriptionStatus.PENDING, by=by)


ILLEGAL_MOVES = {
    refuse_question: "Een vraag met status “Gesloten” kan niet naar “Nieuw”.",
    refuse_version: "Een versie met status “Vastgesteld” kan niet naar “Concept”.",
    refuse_signal: "Een signaal met status “Open” kan niet naar “Besloten”.",
    refuse_referral: "Een doorverwijzing met status “Verlopen” kan niet naar “Geaccepteerd”.",
    refuse_publication: "Een publicatie met status “Concept” kan niet naar “Ingetrokken”.",
    refuse_mailing: "Een mailing met status “Verzonden” kan niet naar “Concept”.",
    refuse_subscription: "Een abonnement met status “Actief” kan niet naar “Nog niet bevestigd”.",
}


@pytest.mark.parametrize("refuse", ILLEGAL_MOVES, ids=lambda f: f.__name__)
def test_every_workflow_refuses_with_the_same_mechanism(users, refuse):
    with pytest.raises(ValidationError) as info:
        refuse(users["kernteam"])
    [error] = info.value.error_list
    assert error.code == "illegal_transition"
    assert info.value.messages == [ILLEGAL_MOVES[refuse]]


def test_an_unknown_status_is_never_allowed_and_refused_in_dutch():
    assert not can_transition(PUBLICATION_TRANSITIONS, "concept", "verdwenen")
    assert not can_transition(PUBLICATION_TRANSITIONS, "verdwenen", "concept")
    with pytest.raises(ValidationError) as info:
        check_transition(PUBLICATION_TRANSITIONS, "concept", "verdwenen", noun="Een publicatie")
    assert info.value.error_list[0].code == "unknown_status"
    assert info.value.messages == ["Onbekende status: verdwenen."]
