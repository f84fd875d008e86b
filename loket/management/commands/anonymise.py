from django.core.management.base import BaseCommand

from loket.portal.privacy import anonymise_due


class Command(BaseCommand):
    help = (
        "Verwijder persoonsgegevens na de bewaartermijn: gesloten vragen (QUESTIONS_RETENTION_DAYS), "
        "afgemelde deskundigen (EXPERTS_RETENTION_DAYS) en niet-bevestigde abonnementen "
        "(SUBSCRIPTIONS_UNCONFIRMED_DAYS), oude aanvragen voor een nieuw wachtwoord of e-mailadres "
        "(ACCOUNT_REQUESTS_RETENTION_DAYS). Met --dry-run alleen tellen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="alleen tellen, niets wijzigen")

    def handle(self, *args, dry_run: bool = False, **options):
        counts = anonymise_due(dry_run=dry_run)
        verb = "te anonimiseren" if dry_run else "geanonimiseerd"
        self.stdout.write(
            f"{'Proefrun: ' if dry_run else ''}"
            f"vragen {verb}: {counts['questions']}; "
            f"deskundigen {verb}: {counts['experts']}; "
            f"niet-bevestigde abonnementen {'te verwijderen' if dry_run else 'verwijderd'}: {counts['subscriptions']}; "
            f"oude aanvragen (wachtwoord, e-mailadres) {'te verwijderen' if dry_run else 'verwijderd'}: "
            f"{counts['account_requests']}"
        )
