"""Rendering and sending of the portal's mails. Every mail is a pair of templates:
`<name>.txt` and `<name>.html` under templates/<app>/emails/, with the subject in `<name>_subject.txt`.

Call `send_templated_mail` from a Celery task, never from a view: the task retries when the mail
server is down, so a page never waits for or fails on mail.

Every mail of a task goes out once, however often the task runs (a redelivery by Celery with
acks_late, an outbox row handed over twice, two workers at once): the row the mail is about
carries the mail's own sent-marker, a nullable timestamp such as `Question.confirmation_sent_at`,
and `send_templated_mail_once` claims it before sending. Mailings keep their own per-recipient rows
(loket.mailings).

The one window SMTP leaves open (it has no two-phase commit, RFC 1047): a worker killed after
the mail server accepted a message (its "250" after DATA) and before the marker's commit. The
connection is opened before the claim and closed (QUIT) after the commit, so that window is one
database commit long: at most one duplicate per worker process killed exactly then.
"""

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

# The mail server cannot be used at all, so the mail waits (a mailing's rows stay pending, a task is
# kept in the outbox) instead of failing: refused, timed out, name not resolved, hung up, TLS
# handshake failed, or the server refuses our connection settings: no STARTTLS while EMAIL_USE_TLS is
# on (SMTPNotSupportedError), login refused, greeting refused, our sender address refused. Nothing
# here is about one recipient or one message. (Not OSError as a whole: every SMTPException is one,
# also a refused recipient.)
MAIL_SERVER_DOWN_ERRORS = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    ssl.SSLError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPNotSupportedError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPHeloError,
    smtplib.SMTPSenderRefused,
)


def mail_server_problem(exc: BaseException) -> str:
    """A log line's explanation of why the mail server cannot be used (Dutch, for the operator)."""
    if isinstance(exc, smtplib.SMTPNotSupportedError) and "STARTTLS" in str(exc).upper():
        return (
            f"de mailserver {settings.EMAIL_HOST}:{settings.EMAIL_PORT} biedt geen STARTTLS aan terwijl "
            "EMAIL_USE_TLS aan staat; mail wacht tot de server STARTTLS aanbiedt of EMAIL_USE_TLS uit staat"
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "de mailserver weigert EMAIL_HOST_USER/EMAIL_HOST_PASSWORD; mail wacht"
    if isinstance(exc, ssl.SSLError):
        return f"TLS met de mailserver mislukt ({exc}); controleer EMAIL_USE_TLS/EMAIL_USE_SSL en de poort; mail wacht"
    return f"mailserver onbereikbaar ({type(exc).__name__}: {exc}); mail wacht"


@contextlib.contextmanager
def mail_connection() -> Iterator[Any]:
    """One open connection to the mail server (the configured backend) for one or more mails.
    Opening raises one of MAIL_SERVER_DOWN_ERRORS when the server cannot be used; closing (QUIT)
    happens after the caller committed its markers and never raises."""
    connection = get_connection()
    connection.open()
    try:
        yield connection
    finally:
        with contextlib.suppress(Exception):  # the mails are sent and marked; a failing QUIT changes nothing
            connection.close()


def render_mail(template: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    ctx = {"site_url": settings.SITE_URL, "loket_name": settings.LOKET_NAME, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
    text = render_to_string(f"{template}.txt", ctx)
    html = render_to_string(f"{template}.html", ctx)
    return subject, text, html


def send_templated_mail(
    *,
    template: str,
    context: Mapping[str, Any],
    to: Iterable[str],
    headers: Mapping[str, str] | None = None,
    reply_to: Iterable[str] | None = None,
    connection: Any = None,
) -> int:
    """Render and send one mail; over `connection` (see `mail_connection`) when given, which stays
    open, else over a connection of its own."""
    subject, text, html = render_mail(template, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=dict(headers or {}),
        reply_to=list(reply_to or []),
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message.send()


def claim_marker(rows: QuerySet, marker: str) -> bool:
    """Set the empty sent-marker `marker` of the one row in `rows` to now, in one conditional UPDATE;
    True when this run got it, False when the mail is no longer due (another run has or had it, or
    the row no longer meets the conditions in `rows`).

    Call it inside `transaction.atomic()` and send before the block ends: the UPDATE holds the row
    until commit, so a second run waits and then finds the marker set; a send that raises (the mail
    server is down) rolls the claim back, so the retry or the outbox sends the mail; a worker that
    dies mid-send leaves no claim behind either. `rows` filters on the row's own columns only: a
    filter across a relation becomes a subquery that PostgreSQL does not check again after waiting.
    """
    if sum(1 for count in rows.query.alias_refcount.values() if count) > 1:  # a join
        raise ValueError(f"claim_marker: filter {rows.model.__name__} on its own columns only")
    return rows.filter(**{f"{marker}__isnull": True}).update(**{marker: timezone.now()}) == 1


def send_templated_mail_once(*, rows: QuerySet, marker: str, **mail: Any) -> bool:
    """`send_templated_mail(**mail)` when this run claims the sent-marker `marker` of the one row in
    `rows` (see `claim_marker`). Returns whether it sent. The marker is set only when the mail went
    out: an exception while sending leaves it empty and goes up to the task's retry.

    The connection is opened first (a server that cannot be used raises before any claim) and
    closed after the commit, so the marker commits right after the server accepted the mail."""
    if not rows.filter(**{f"{marker}__isnull": True}).exists():
        return False  # already sent: no connection to the mail server at all
    with mail_connection() as connection, transaction.atomic():
        if not claim_marker(rows, marker):
            return False
        send_templated_mail(connection=connection, **mail)
    return True
