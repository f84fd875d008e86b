"""The e-mail channel under volume (issue 14): 1,000 messages in one mailbox run, time and memory.

    python -m bench run_mail_intake [--messages 1000] [--database loket_mailbench] [--json] [--cleanup]

Its own database (var/mailbench.sqlite3, or loket_mailbench on DATABASE_URL's server) and its own
Dovecot (tests/mailintake/dovecot.py: a generated config on a free loopback port). The messages are
placed with IMAP APPEND (70% plain, 20% HTML-only, 10% with a PDF), then `questions.fetch_mail`'s
code reads them once. Checks exactly-once (as many questions as messages, the inbox empty, a second
run creates nothing) and writes the figures into docs/mail-intake.md. `--json` prints them as one JSON
line (the `make bench` step reads it), `--cleanup` removes the run's questions and mails afterwards.

The confirmations are queued, as in production, not sent in the run: on the broker of
CELERY_BROKER_URL when given, else on kombu's in-process memory transport (without a worker: the
bench counts them there, one per question)."""

import platform
import time
import tracemalloc
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid
from json import dumps
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from imap_tools import MailBoxUnencrypted

from bench.memory import peak_rss_mb
from questions.mailintake import fetch_mailbox
from questions.models import Channel, InboundMail, Question
from tests.mailintake.dovecot import PASSWORD, Dovecot, available

DOMAIN = "bench-mail.example"
REPORT = Path(settings.BASE_DIR) / "docs" / "mail-intake.md"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def message(i: int) -> bytes:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = f"Vrager {i} <vrager{i}@{DOMAIN}>"
    msg["To"] = "loket@loket.example.nl"
    msg["Subject"] = f"Vraag {i} over tijdelijke opvang"
    msg["Message-ID"] = make_msgid(domain=DOMAIN)
    text = f"Beste loket,\n\nHoe tellen de {i} tijdelijke plekken mee in het provinciale plan?\n\nGroet"
    if i % 10 < 7:
        msg.set_content(text)
    elif i % 10 < 9:
        msg.set_content(f"<html><body><p>{text.replace(chr(10), '<br>')}</p></body></html>", subtype="html")
    else:
        msg.set_content(text)
        msg.add_attachment(PDF, maintype="application", subtype="pdf", filename=f"notitie-{i}.pdf")
    return msg.as_bytes()


class Command(BaseCommand):
    help = "Meet het inlezen van 1.000 e-mails in één run (tijd en geheugen) tegen een eigen Dovecot."

    def add_arguments(self, parser):
        parser.add_argument("--messages", type=int, default=1000)
        parser.add_argument("--database", default="loket_mailbench", help="naam van de aparte database")
        parser.add_argument("--no-report", action="store_true", help="docs/mail-intake.md niet bijwerken")
        parser.add_argument("--json", action="store_true", help="de cijfers als één JSON-regel (voor make bench)")
        parser.add_argument("--cleanup", action="store_true", help="de vragen en mails van de run na afloop weghalen")

    # --database: read by bench.__main__
    def handle(self, *args, messages: int, no_report: bool, json: bool, cleanup: bool, **options):
        if not available():
            raise CommandError("Dovecot ontbreekt: make imap-deps (apt-get install dovecot-imapd)")
        call_command("migrate", verbosity=0)
        broker = queue_on_a_broker()
        remove_own_rows()  # a second run starts clean: only what an earlier run of this command made
        server = Dovecot()
        server.start()
        try:
            user = server.new_user()
            settings.IMAP_HOST, settings.IMAP_PORT, settings.IMAP_USE_TLS = "127.0.0.1", server.port, False
            settings.IMAP_STARTTLS, settings.IMAP_USER, settings.IMAP_PASSWORD = False, user, PASSWORD
            settings.IMAP_ADDRESS = "loket@loket.example.nl"
            settings.IMAP_BATCH = max(settings.IMAP_BATCH, messages)
            started = time.perf_counter()
            with MailBoxUnencrypted("127.0.0.1", server.port).login(user, PASSWORD) as box:
                for i in range(messages):
                    box.append(message(i), "INBOX")
            appended = time.perf_counter() - started
            before = Question.objects.count()
            tracemalloc.start()
            started = time.perf_counter()
            run = fetch_mailbox()
            seconds = time.perf_counter() - started
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            created = Question.objects.count() - before
            queued = queued_tasks() if broker == "memory://" else None
            again = fetch_mailbox().total
            with MailBoxUnencrypted("127.0.0.1", server.port).login(user, PASSWORD) as box:
                left = box.folder.status("INBOX")["MESSAGES"]
                processed = box.folder.status(settings.IMAP_PROCESSED_FOLDER)["MESSAGES"]
        finally:
            server.stop()
            if cleanup:
                remove_own_rows()
        rss_mb = peak_rss_mb()
        ok = created == messages and left == 0 and processed == messages and again == 0
        ok = ok and queued in (None, messages)
        figures = {
            "messages": messages,
            "append_s": appended,
            "run_s": seconds,
            "per_message_ms": seconds / messages * 1000,
            "peak_mb": peak / 1024 / 1024,
            "rss_mb": rss_mb,
            "created": created,
            "left": left,
            "processed": processed,
            "again": again,
            "broker": broker,
            "queued": queued,
            "counts": dict(run.counts),
            "ok": ok,
        }
        self.stdout.write(dumps(figures) if json else str(figures))
        if not no_report:
            self.write_report(figures)
        if not ok:
            raise CommandError("Niet precies één vraag per bericht: zie de cijfers hierboven")

    def write_report(self, f: dict) -> None:
        eager = f"bevestigingen in de wachtrij van de Celery-broker ({f['broker']}), niet verstuurd in de run"
        queued = "" if f["queued"] is None else f"| bevestigingen in de wachtrij | {f['queued']} |\n"
        REPORT.write_text(
            f"""# E-mailkanaal: {f["messages"]} berichten in één run

Gemeten met `python -m bench run_mail_intake` op {timezone.localtime():%Y-%m-%d %H:%M}
({platform.python_implementation()} {platform.python_version()}, {connection.vendor}, {eager};
eigen Dovecot op loopback; 70% platte tekst, 20% alleen HTML, 10% met een PDF-bijlage).

| meting | waarde |
|---|---|
| berichten in de inbox (IMAP APPEND) | {f["messages"]} in {f["append_s"]:.1f} s |
| één run van `questions.fetch_mail` | {f["run_s"]:.1f} s ({f["per_message_ms"]:.1f} ms per bericht) |
| piek Python-geheugen tijdens de run (tracemalloc) | {f["peak_mb"]:.1f} MB |
| maximaal RSS van het proces | {f["rss_mb"]:.0f} MB |
| vragen aangemaakt | {f["created"]} |
| over in de inbox / in Verwerkt | {f["left"]} / {f["processed"]} |
| tweede run: nieuw verwerkt | {f["again"]} |
{queued}| uitkomst | {"precies één vraag per bericht" if f["ok"] else "NIET precies één vraag per bericht"} |

De run haalt de berichten per 50 op in één FETCH (`BODY.PEEK[]`), legt elk bericht vast in een eigen
transactie en verplaatst de vastgelegde berichten per 50 in één MOVE: het geheugen groeit niet met
het aantal berichten. De tijd omvat per bericht: ontleden, uploadcontrole van de bijlage, de vraag met
kenmerk en routering, het originele .eml-bestand in de media-opslag en de ontvangstbevestiging in de
wachtrij (de worker verstuurt hem).
"""
        )


def remove_own_rows() -> None:
    Question.objects.filter(channel=Channel.EMAIL, asker_email__endswith=f"@{DOMAIN}").delete()
    InboundMail.objects.filter(sender_email__endswith=f"@{DOMAIN}").delete()


def queue_on_a_broker() -> str:
    """Queue the tasks instead of running them in the run (eager is the bench's default without a
    broker): kombu's memory transport in this process. Returns the broker URL used."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        return settings.CELERY_BROKER_URL.split("@")[-1]  # never a password in the report
    current_app.conf.task_always_eager = False
    current_app.conf.broker_url = "memory://"
    return "memory://"


def queued_tasks() -> int:
    """How many tasks wait in the default queue of the memory transport (and empty it)."""
    queue = current_app.conf.task_default_queue
    with current_app.connection_for_write() as conn:
        channel = conn.default_channel
        count = channel.queue_declare(queue=queue, passive=True).message_count
        channel.queue_purge(queue)
    return count
