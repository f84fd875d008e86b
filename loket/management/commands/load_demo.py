"""Load demo accounts and content. Idempotent. Refused on a production configuration."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from loket.core.environment import refuse_production_configuration
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
        refuse_production_configuration("load_demo")
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
