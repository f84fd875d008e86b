"""manage.py restore MAP --yes: put a backup back (database and uploaded files)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Zet een back-up terug: vervangt de hele database en alle geüploade bestanden. Vraagt --yes."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Map met de back-up (zoals gemaakt door manage.py backup).")
        parser.add_argument("--yes", action="store_true", help="Ja, overschrijf de huidige gegevens.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError(
                "Herstellen overschrijft de hele database en alle geüploade bestanden. "
                "Stop eerst de webserver en de Celery-workers en voeg dan --yes toe."
            )
        try:
            manifest = backup_restore(source=Path(options["folder"]), database=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Back-up van {manifest['created']} teruggezet."))
