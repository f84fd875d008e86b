from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    default = True
    name = "loket"
    verbose_name = _("Loket en referentiegegevens")

    def ready(self) -> None:
        # The rooms' modules read the models: they load once the app registry is ready, not with apps.py.
        from loket.accounts import audit, security  # noqa: F401, PLC0415 - connects the audit and 2FA receivers
        from loket.core import checks, reference_lists, roles  # noqa: F401, PLC0415 - models are ready only now
        from loket.publications import public_cache  # noqa: PLC0415 - models are ready only now

        # Groups and their permissions depend on permissions that Django creates after migrating,
        # so they are (re)synchronised after every migrate: after the LAST app's post_migrate, when
        # the permissions of every app (also those listed after loket) exist.
        last_app = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(roles.sync_groups_after_migrate, sender=last_app)
        public_cache.connect()  # publications changed -> cached anonymous pages are stale
        reference_lists.connect()  # provinces, themes, users changed -> cached choice lists are stale


class LoketAdminConfig(admin_apps.AdminConfig):
    """Django admin at /beheer/, open to the roles in roles.STAFF_ROLES (not to a stray is_staff)."""

    default = False
    default_site = "loket.accounts.admin_site.LoketAdminSite"
