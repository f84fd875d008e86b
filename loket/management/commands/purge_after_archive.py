from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.portal.archive.purge import purge_after_archive
from loket.portal.archive.writer import ArchiveError


class Command(BaseCommand):
    help = (
        "Na het archief: vernietig wat de selectielijst zegt (waardering V, bewaartermijn voorbij). "
        "Alleen met een gecontroleerd archief en het portaal op alleen-lezen. Zonder --apply alleen tellen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--archive", required=True, help="de map van export_archive")
        parser.add_argument("--apply", action="store_true", help="echt verwijderen (anders alleen tellen)")

    def handle(self, *args, archive: str, apply: bool = False, **options):
        try:
            report = purge_after_archive(archive=Path(archive), dry_run=not apply)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        verb = "verwijderd" if apply else "te verwijderen"
        for label, count in sorted(report["deleted"].items()):
            if count:
                self.stdout.write(f"{label}: {count} {verb}")
        for label, count in sorted(report["skipped"].items()):
            self.stdout.write(f"{label}: {count} overgeslagen (zou te bewaren records meenemen)")
        self.stdout.write(f"{'Proefrun: ' if not apply else ''}klaar; geanonimiseerd: {report['anonymised']}")
