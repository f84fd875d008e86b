"""The e-mail channel against real components: a Dovecot IMAP server of its own (tests/mailintake/
dovecot.py; messages placed with IMAP APPEND, the folders inspected afterwards) and the project's
SMTP sink (tests/faults/smtp_sink.py) as the outgoing mail server."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import pytest
from imap_tools import MailBoxUnencrypted

from tests.faults.smtp_sink import SmtpSink

from .dovecot import PASSWORD, Dovecot, available

LOKET = "loket@loket.example.nl"


@pytest.fixture(scope="session")
def dovecot():
    if not available():
        pytest.skip(
            "Dovecot ontbreekt: `make imap-deps` installeert het (apt-get install dovecot-imapd); "
            "`make test` en .ci/run doen dat zelf"
        )
    server = Dovecot()
    server.start()
    yield server
    server.stop()


class Imap:
    """One fresh mailbox on the test's Dovecot, configured as the loket's (settings.IMAP_*)."""

    def __init__(self, server: Dovecot, user: str):
        self.server, self.user = server, user

    def box(self):
        return MailBoxUnencrypted("127.0.0.1", self.server.port).login(self.user, PASSWORD, initial_folder=None)

    def append(self, *messages: bytes | EmailMessage, folder: str = "INBOX") -> None:
        with self.box() as box:
            for message in messages:
                raw = message if isinstance(message, bytes) else message.as_bytes(policy=policy.SMTP)
                box.append(raw, folder)

    def folder(self, name: str) -> list:
        """The messages in folder `name` (headers and flags), [] when it does not exist."""
        with self.box() as box:
            if not box.folder.exists(name):
                return []
            box.folder.set(name)
            return list(box.fetch("ALL", mark_seen=False))

    def message_ids(self, name: str) -> list[str]:
        return [m.headers.get("message-id", ("",))[0] for m in self.folder(name)]


@pytest.fixture
def imap(dovecot, settings):
    mailbox = Imap(dovecot, dovecot.new_user())
    settings.IMAP_HOST = "127.0.0.1"
    settings.IMAP_PORT = dovecot.port
    settings.IMAP_USE_TLS = False
    settings.IMAP_STARTTLS = False
    settings.IMAP_USER = mailbox.user
    settings.IMAP_PASSWORD = PASSWORD
    settings.IMAP_FOLDER = "INBOX"
    settings.IMAP_PROCESSED_FOLDER = "Verwerkt"
    settings.IMAP_ERROR_FOLDER = "Fout"
    settings.IMAP_ADDRESS = LOKET
    settings.DEFAULT_FROM_EMAIL = f"Loket Flexibilisering Asielketen <{LOKET}>"
    settings.SERVER_EMAIL = settings.DEFAULT_FROM_EMAIL
    return mailbox


class Sink(SmtpSink):
    def parsed(self) -> list[tuple[list[str], EmailMessage]]:
        return [(rcpts, message_from_bytes(data, policy=policy.default)) for rcpts, data in self.messages]

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpts, message in self.parsed() if address.lower() in rcpts]


@pytest.fixture
def smtp(settings):
    """The project's real SMTP sink on a free loopback port, as the outgoing mail server."""
    sink = Sink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()


def mail(
    *,
    sender: str = "Anna Vrager <anna@gemeente.example.nl>",
    to: str = LOKET,
    subject: str = "Vraag over tijdelijke opvang",
    text: str | None = "Hoe tellen tijdelijke locaties mee in het provinciale plan?",
    html: str | None = None,
    charset: str = "utf-8",
    headers: dict | None = None,
    attachments: tuple = (),
    message_id: str | None = None,
) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id or make_msgid(domain="gemeente.example.nl")
    for name, value in (headers or {}).items():
        message[name] = value
    if text is not None:
        message.set_content(text, charset=charset, cte="quoted-printable" if charset != "utf-8" else None)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    for name, data, maintype, subtype in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message
