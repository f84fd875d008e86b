"""manage.py backup [--output MAP]: database plus uploaded files into one folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Maakt een back-up van de database en de geüploade bestanden (standaard in var/backups/<tijdstip>/)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Map voor de back-up (moet nieuw of leeg zijn).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        output = Path(options["output"]) if options["output"] else None
        try:
            folder = backup_create(destination=output, database=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Back-up gemaakt in {folder}"))
