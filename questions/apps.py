from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Vragen")

    def ready(self) -> None:
        from loket.core import reference_lists  # noqa: PLC0415 - models are ready only now
        from loket.core.roles import sync_groups_after_migrate  # noqa: PLC0415

        from . import selectors  # noqa: PLC0415
        from .models import RoutingRule, ThemeDeadline  # noqa: PLC0415

        # The loket app syncs the role groups after its own migrations, before this app's permissions
        # exist on a fresh database; sync again once they do, so the core team can manage routing
        # rules, standard answers and deadlines in /beheer/ straight away.
        post_migrate.connect(sync_groups_after_migrate, sender=self, dispatch_uid="questions_sync_groups")
        # What a web submission checks and routes by, kept with the cached reference lists: no query
        # for the themes and the rules per submission (issue 21). Themes and users are core's already.
        reference_lists.contribute(selectors.INTAKE_THEMES, selectors.build_intake_themes, models=[ThemeDeadline])
        reference_lists.contribute(selectors.ROUTING_RULES, selectors.build_routing_rules, models=[RoutingRule])
