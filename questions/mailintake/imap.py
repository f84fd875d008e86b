"""The mailbox run: read IMAP_FOLDER with imap-tools, feed each message to `inbound_mail_receive`, and
only after its transaction committed move it to IMAP_PROCESSED_FOLDER (an unreadable one to
IMAP_ERROR_FOLDER; a flagged one gets the \\Flagged flag first). A failure of the database or the
broker mid-run raises out of here: the current message and the rest stay in the folder, the next run
takes them (a message already committed but not yet moved is found by its Message-ID and moved)."""

from __future__ import annotations

import logging
import ssl
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.mailbox import BaseMailBox

from ..models import InboundStatus
from .receive import inbound_mail_receive

logger = logging.getLogger(__name__)


class RawMailMessage(MailMessage):
    """imap-tools' message that also keeps the bytes as the server sent them (the original .eml)."""

    def __init__(self, fetch_data: list) -> None:
        super().__init__(fetch_data)
        self.raw: bytes = self._get_message_data_parts(fetch_data)[0]


@dataclass
class MailRun:
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def open_mailbox() -> BaseMailBox:
    host, port, timeout = settings.IMAP_HOST, settings.IMAP_PORT, settings.IMAP_TIMEOUT
    if settings.IMAP_STARTTLS:
        box = MailBoxStartTls(host, port, timeout=timeout, ssl_context=ssl.create_default_context())
    elif settings.IMAP_USE_TLS:
        box = MailBox(host, port, timeout=timeout, ssl_context=ssl.create_default_context())
    else:
        box = MailBoxUnencrypted(host, port, timeout=timeout)
    box.email_message_class = RawMailMessage
    return box.login(settings.IMAP_USER, settings.IMAP_PASSWORD, initial_folder=None)


FETCH_CHUNK = 50  # messages per IMAP FETCH (and per MOVE): few round-trips, memory bounded by the chunk


def fetch_mailbox(*, limit: int | None = None) -> MailRun:
    """Read the folder once. Returns the counts per outcome (status, and "dubbel" for a message seen
    before). The messages come FETCH_CHUNK at a time in one FETCH each; every message is committed on
    its own, and the committed ones are moved in one MOVE per chunk and destination (also when a later
    message of the chunk fails: that one and the rest stay in the folder)."""
    run = MailRun()
    with open_mailbox() as box:
        for folder in (settings.IMAP_PROCESSED_FOLDER, settings.IMAP_ERROR_FOLDER):
            if not box.folder.exists(folder):
                box.folder.create(folder)
        box.folder.set(settings.IMAP_FOLDER)
        moves: dict[str, list[str]] = {settings.IMAP_PROCESSED_FOLDER: [], settings.IMAP_ERROR_FOLDER: []}
        try:
            messages = box.fetch("ALL", mark_seen=False, limit=limit or settings.IMAP_BATCH, bulk=FETCH_CHUNK)
            for message in messages:
                mail, created = inbound_mail_receive(raw=message.raw)
                run.counts[mail.status if created else "dubbel"] += 1
                if mail.status == InboundStatus.FLAGGED:
                    box.flag(message.uid, r"\Flagged", True)
                unreadable = mail.status == InboundStatus.ERROR
                moves[settings.IMAP_ERROR_FOLDER if unreadable else settings.IMAP_PROCESSED_FOLDER].append(message.uid)
                if sum(map(len, moves.values())) >= FETCH_CHUNK:
                    _move(box, moves)
        finally:
            _move(box, moves)
    if run.total:
        logger.info("Mailbox gelezen: %s", dict(run.counts))
    return run


def _move(box: BaseMailBox, moves: dict[str, list[str]]) -> None:
    """Move the committed messages, one MOVE per destination folder."""
    for folder, uids in moves.items():
        if uids:
            box.move(uids, folder)
            uids.clear()
