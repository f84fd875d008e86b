from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Vragen")

    def ready(self) -> None:
        from loket.core.roles import sync_groups_after_migrate  # noqa: PLC0415 - models are ready only now

        # The loket app syncs the role groups after its own migrations, before this app's permissions
        # exist on a fresh database; sync again once they do, so the core team can manage routing
        # rules, standard answers and deadlines in /beheer/ straight away.
        post_migrate.connect(sync_groups_after_migrate, sender=self, dispatch_uid="questions_sync_groups")
