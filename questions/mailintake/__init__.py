"""The e-mail channel (issue 14): questions and replies by mail to the loket's address.

`parsing` reads one message, `addresses` threads the portal's mails and signs the reply address,
`receive` turns one message into a question, a reply or a logged non-question (exactly once per
Message-ID), `imap` reads the mailbox. Callers import from here."""

from .addresses import loket_address, question_pk_from, reply_address, reply_to, thread_headers
from .imap import MailRun, fetch_mailbox
from .receive import inbound_mail_receive

__all__ = [
    "MailRun",
    "fetch_mailbox",
    "inbound_mail_receive",
    "loket_address",
    "question_pk_from",
    "reply_address",
    "reply_to",
    "thread_headers",
]
