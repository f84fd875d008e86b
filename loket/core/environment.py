"""Which configuration the code runs on: the one rule that keeps demo and bench data out of production.

Demo accounts and content (`load_demo`), demo two-factor codes (`demo_code`) and bench data
(`python -m bench seed_bench`) are written only in debug mode, in the test suite or in local
development (no DATABASE_URL: SQLite under var/). Read at call time, so tests can switch it.
"""

from django.conf import settings
from django.core.management.base import CommandError


def is_production_configuration() -> bool:
    return not (settings.DEBUG or settings.TESTING or settings.LOCAL_DEVELOPMENT)


def refuse_production_configuration(command: str) -> None:
    """Stop a command that writes sample data when it runs on a production configuration."""
    if is_production_configuration():
        raise CommandError(f"{command} draait niet op een productieconfiguratie (DEBUG staat uit).")
