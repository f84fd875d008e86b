"""Threading of the mails about a question.

Every mail the portal sends to the asker about a question has its own Message-ID
(`<V-2026-00042.antwoord.17@domain>`), In-Reply-To and References that point at the asker's own
mail (for a question that came by mail) and at the confirmation, so mail clients show one thread;
and, while the e-mail channel is on, a Reply-To `loket+v<id>-<day>-<signature>@domain`. The
signature is an HMAC of the question's id and the day of issue with the SECRET_KEY: a reply to that
address lands on that question; an address that was changed, forged or is older than
QUESTIONS_MAIL_TOKEN_DAYS never does (the mail becomes a new question)."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "questions.mail-reply-address"
DAY_SECONDS = 24 * 60 * 60


def loket_address() -> str:
    return (settings.IMAP_ADDRESS or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]).lower()


def mail_domain() -> str:
    return loket_address().partition("@")[2] or "loket.invalid"


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _signature(question_pk: int, day: int) -> str:
    digest = salted_hmac(SALT, f"{question_pk}.{day}", algorithm="sha256").digest()
    return base64.b32encode(digest[:10]).decode().lower()  # 16 characters, case-insensitive safe


def _today() -> int:
    return int(timezone.now().timestamp()) // DAY_SECONDS


def reply_token(question_pk: int, *, day: int | None = None) -> str:
    day = _today() if day is None else day
    return f"v{_b36(question_pk)}-{_b36(day)}-{_signature(question_pk, day)}"


def reply_address(question_pk: int) -> str:
    local, _at, domain = loket_address().partition("@")
    return f"{local}+{reply_token(question_pk)}@{domain}"


TOKEN_RE = re.compile(r"^v([0-9a-z]{1,12})-([0-9a-z]{1,8})-([a-z2-7]{16})$")


def question_pk_from(addresses: Iterable[str]) -> tuple[int | None, str]:
    """(question id, "") for the first of `addresses` that is a valid reply address of the loket;
    (None, reason) when one looks like a reply address but is forged or expired; (None, "") when
    none of them is one."""
    local, _at, domain = loket_address().partition("@")
    reason = ""
    for address in addresses:
        address_local, _at, address_domain = address.lower().partition("@")
        base, plus, token = address_local.partition("+")
        if not plus or base != local or address_domain != domain:
            continue
        match = TOKEN_RE.match(token)
        if not match:
            reason = "ongeldig antwoordadres"
            continue
        pk, day = int(match.group(1), 36), int(match.group(2), 36)
        if not constant_time_compare(_signature(pk, day), match.group(3)):
            reason = "vervalst antwoordadres"
            continue
        if not 0 <= _today() - day <= settings.QUESTIONS_MAIL_TOKEN_DAYS:
            reason = "verlopen antwoordadres"
            continue
        return pk, ""
    return None, reason


def message_id(reference: str, kind: str, number: int | str = 0) -> str:
    return f"<{reference}.{kind}.{number}@{mail_domain()}>"


def thread_headers(question, *, kind: str, number: int | str = 0, earlier: Iterable[str] = ()) -> dict:
    """Headers of a mail to the asker about `question`: its own Message-ID; In-Reply-To the newest of
    `earlier` (the asker's mails and ours before this one, oldest first); References all of them."""
    own = message_id(question.reference, kind, number)
    chain = [mid for mid in dict.fromkeys(earlier) if mid and mid != own]
    headers = {"Message-ID": own}
    if chain:
        headers["In-Reply-To"] = chain[-1]
        headers["References"] = " ".join(chain[-20:])
    return headers


def reply_to(question) -> list[str]:
    """The Reply-To of a mail to the asker: the question's signed reply address, while the e-mail
    channel is on (without it, a reply would land in a mailbox nobody reads for the portal)."""
    if not settings.IMAP_HOST:
        return []
    return [formataddr((settings.LOKET_NAME, reply_address(question.pk)))]
