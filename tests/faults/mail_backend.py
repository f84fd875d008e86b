"""Mail backend for a real Celery worker in the fault tests: one file per message in
FAULTS_MAIL_DIR, so the test can count mails per recipient. With FAULTS_MAIL_HANG_AT=n the worker
hangs (before delivering) on its n-th message, after writing FAULTS_MAIL_DIR/hanging: the test then
kills it in the middle of a mailing, at a moment when that message is certainly not delivered."""

import os
import time
import uuid
from email import message_from_bytes
from email.utils import getaddresses
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class CountingFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["FAULTS_MAIL_DIR"])
        hang_at = int(os.environ.get("FAULTS_MAIL_HANG_AT") or 0)
        for message in email_messages:
            if hang_at and len(list(folder.glob("*.eml"))) + 1 >= hang_at:
                (folder / "hanging").write_text(str(os.getpid()))
                time.sleep(3600)  # killed here by the test
            tmp = folder / f"{uuid.uuid4().hex}.tmp"
            tmp.write_bytes(message.message().as_bytes())
            tmp.rename(tmp.with_suffix(".eml"))
        return len(email_messages)


def count_per_recipient(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in folder.glob("*.eml"):
        message = message_from_bytes(path.read_bytes())
        for _name, address in getaddresses(message.get_all("To", [])):
            counts[address.lower()] = counts.get(address.lower(), 0) + 1
    return counts
