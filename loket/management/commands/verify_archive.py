from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.portal.archive.verify import verify_archive


class Command(BaseCommand):
    help = "Controleer een archief van export_archive opnieuw: BagIt-checksums en de aantallen per entiteit."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory: str, **options):
        problems = verify_archive(Path(directory))
        if problems:
            raise CommandError("Het archief is niet in orde:\n" + "\n".join(problems))
        self.stdout.write("Het archief is in orde: BagIt-controle en aantallen kloppen.")
