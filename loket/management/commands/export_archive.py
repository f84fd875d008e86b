from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.portal.archive.verify import verify_archive
from loket.portal.archive.writer import ArchiveError, export_archive


class Command(BaseCommand):
    help = (
        "Schrijf het hele portaal als BagIt-archief (JSON Lines en CSV per entiteit, bestanden, PDF-weergaven, "
        "MDTO-metagegevens) naar een nieuwe of lege map, en controleer het daarna."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="een nieuwe of lege map")
        parser.add_argument(
            "--no-anonymise", action="store_true", help="niet eerst de bewaartermijnen toepassen (alleen voor tests)"
        )

    def handle(self, *args, output: str, no_anonymise: bool = False, **options):
        def progress(done: int, total: int, name: str) -> None:
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"[{done}/{total}] {name}")

        try:
            result = export_archive(Path(output), progress=progress, anonymise=not no_anonymise)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        problems = verify_archive(Path(output))
        if problems:
            raise CommandError("Het archief is niet in orde:\n" + "\n".join(problems))
        records = sum(e["count"] for e in result["entities"].values())
        self.stdout.write(
            f"Archief geschreven naar {output}: {len(result['entities'])} entiteiten, {records} records, "
            f"{sum(result['renditions'].values())} PDF-weergaven; BagIt-controle geslaagd."
        )
        if result["missing_files"]:
            self.stdout.write(f"Ontbrekende bestanden: {len(result['missing_files'])} (zie archief.json)")
