"""What awaits the core team outside the question queue, for the core-team dashboard.

Each app answers through its own selectors; this module only gathers the counts (one query each,
whatever the data size) so that /kernteam/ shows "everything awaiting action" in one place.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from experts.selectors import open_introduction_requests, referrals_awaiting_review
from loket.publications.consultations.selectors import unanswered_comment_count
from loket.publications.lessons.selectors import lessons_awaiting_core_team
from monitoring.selectors import signals_visible_to
from monitoring.workflow import Status as SignalStatus
from plans.selectors import open_support_requests, plan_versions_visible_to
from plans.workflow import Status as PlanStatus


@dataclass(frozen=True)
class PendingItem:
    label: str | Promise
    count: int
    url: str


def core_team_pending(user) -> list[PendingItem]:
    core = reverse("experts:core")
    return [
        PendingItem(_("Antwoorden van deskundigen om te beoordelen"), referrals_awaiting_review().count(), core),
        PendingItem(_("Verzoeken om contact met een deskundige"), open_introduction_requests().count(), core),
        PendingItem(
            _("Nieuwe signalen om op te pakken"),
            signals_visible_to(user).filter(status=SignalStatus.OPEN).count(),
            f"{reverse('monitoring:register')}?status={SignalStatus.OPEN.value}",
        ),
        PendingItem(
            _("Ingediende planversies om vast te stellen"),
            plan_versions_visible_to(user).filter(status=PlanStatus.SUBMITTED).count(),
            reverse("plans:index"),
        ),
        PendingItem(
            _("Ingestuurde lessen om te bekijken"),
            lessons_awaiting_core_team().count(),
            reverse("loket:lessons_manage") + "?status=ingediend",
        ),
        PendingItem(
            _("Consultatiereacties zonder antwoord"), unanswered_comment_count(), reverse("loket:consultations_manage")
        ),
        PendingItem(
            _("Open vragen om praktische ondersteuning"), open_support_requests().count(), reverse("plans:support")
        ),
    ]
