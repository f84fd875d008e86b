import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from loket.portal.privacy import personal_data_export


class Command(BaseCommand):
    help = "Inzageverzoek: alle gegevens over één e-mailadres als JSON (naar stdout of --output BESTAND)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", help="schrijf naar dit bestand in plaats van stdout")

    def handle(self, *args, email: str, output: str | None = None, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Geen geldig e-mailadres: {email}") from exc
        text = json.dumps(personal_data_export(email), ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Geschreven: {output}")
        else:
            self.stdout.write(text)
