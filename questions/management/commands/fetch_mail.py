"""`manage.py fetch_mail`: read the loket's mailbox once (as the beat task does every minute).
`manage.py fetch_mail --file PATH.eml`: feed one message through exactly the same code."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from questions.mailintake import fetch_mailbox, inbound_mail_receive


class Command(BaseCommand):
    help = "Leest de mailbox van het loket één keer, of één bericht uit een .eml-bestand (--file)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Pad naar één bericht (.eml) om te verwerken.")

    def handle(self, *args, **options):
        if options["file"]:
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"Bestand niet gevonden: {path}")
            mail, created = inbound_mail_receive(raw=path.read_bytes())
            state = mail.get_status_display() if created else "al eerder verwerkt"
            question = f" ({mail.question.reference})" if mail.question_id else ""
            self.stdout.write(f"{mail.message_id}: {state}{question}. {mail.reason}")
            return
        if not settings.IMAP_HOST:
            raise CommandError("IMAP_HOST is niet ingesteld: het e-mailkanaal staat uit.")
        run = fetch_mailbox()
        self.stdout.write(f"{run.total} berichten gelezen: {dict(run.counts)}")
