"""Load demo accounts and content. Idempotent. Refused on a production configuration."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from loket.portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_accounts

# Apps load their demo content in this order; each app's `demo.load(stdout=..., users=...)`.
DEMO_MODULES = [
    "loket.portal.demo",
    "plans.demo",
    "questions.demo",
    "experts.demo",
    "monitoring.demo",
    "loket.portal.demo_content",
]


class Command(BaseCommand):
    help = "Laadt demo-accounts en demo-inhoud (nooit in productie)."

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.TESTING or settings.LOCAL_DEVELOPMENT):
            raise CommandError("load_demo draait niet op een productieconfiguratie (DEBUG staat uit).")
        with transaction.atomic():
            users = load_accounts()
            for name in DEMO_MODULES:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.load(stdout=self.stdout, users=users)
        self.stdout.write(self.style.SUCCESS(f"Demogegevens geladen. Accounts (wachtwoord {DEMO_PASSWORD}):"))
        for username, role, *_rest in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<16} {role.value}")
