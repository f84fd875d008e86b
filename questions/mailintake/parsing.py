"""Reading one message: the standard library's email package (policy=default) turns the bytes into
sender, subject, plain text (an HTML-only mail becomes sanitised text), attachments and the headers
that tell an automatic message (auto-reply, bulk, bounce) from one a person wrote."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import errors as email_errors
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.utils.translation import gettext as _
from mailparser_reply import EmailReplyParser

# Defects after which the structure of the message cannot be trusted.
FATAL_DEFECTS = (
    email_errors.NoBoundaryInMultipartDefect,
    email_errors.StartBoundaryNotFoundDefect,
    email_errors.MultipartInvariantViolationDefect,
)
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
AUTOREPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply", "X-Autoresponder")
BOUNCE_SENDERS = {"mailer-daemon", "postmaster"}
RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
QUOTE_LANGUAGES = ["nl", "en"]


class UnreadableMail(Exception):
    """The message cannot be processed: broken structure, unknown charset, too large."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class ParsedMail:
    message_id: str
    sender_name: str
    sender_email: str
    subject: str
    text: str
    recipients: list[str]
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    automatic: str = ""  # why this is an automatic message (never answered), or ""


def message_id_of(raw: bytes, header: str | None) -> str:
    """The Message-ID as written, or one derived from the bytes (a message without one, or with an
    odd one: read twice, it still gets the same id)."""
    value = " ".join((header or "").split())
    if not value or len(value) > 255:
        return f"<sha256-{hashlib.sha256(raw).hexdigest()}@loket.invalid>"
    return value


def header_message_id(raw: bytes) -> str:
    """The Message-ID of a message that could not be parsed: read from the raw header lines."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    match = re.search(rb"^message-id:[ \t]*(.+(?:\r?\n[ \t].*)*)", head, flags=re.IGNORECASE | re.MULTILINE)
    return message_id_of(raw, match.group(1).decode("ascii", "replace") if match else None)


def parse_mail(raw: bytes) -> ParsedMail:
    if len(raw) > settings.IMAP_MAX_MESSAGE_BYTES:
        raise UnreadableMail(
            _("De e-mail is te groot (%(size)d bytes; hoogstens %(max)d).")
            % {"size": len(raw), "max": settings.IMAP_MAX_MESSAGE_BYTES}
        )
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _read(raw, message)
    except UnreadableMail:
        raise
    except LookupError as error:  # an unknown charset
        raise UnreadableMail(_("De e-mail gebruikt een onbekende tekenset (%(error)s).") % {"error": error}) from error
    except Exception as error:  # the email package raises many kinds on broken input
        raise UnreadableMail(
            _("De e-mail is niet te lezen (%(error)s).") % {"error": f"{type(error).__name__}: {error}"[:200]}
        ) from error


def _read(raw: bytes, message: EmailMessage) -> ParsedMail:
    for part in message.walk():
        for defect in part.defects:
            if isinstance(defect, FATAL_DEFECTS):
                raise UnreadableMail(
                    _("De opbouw van de e-mail klopt niet (%(defect)s).") % {"defect": type(defect).__name__}
                )
    name, address = parseaddr(str(message.get("From", "")))
    if not address or "@" not in address:
        raise UnreadableMail(_("De e-mail heeft geen geldige afzender."))
    values = [str(value) for header in RECIPIENT_HEADERS for value in message.get_all(header, [])]
    recipients = [addr.lower() for _n, addr in getaddresses(values)]
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        content = body.get_content()
        text = html_to_text(content) if body.get_content_type() == "text/html" else content
    attachments = []
    for part in message.walk():
        if part is body or part.is_multipart():
            continue
        filename = part.get_filename()
        if not filename and part.get_content_disposition() != "attachment":
            continue  # the other alternative of the body, or a text part of a forwarded message
        payload = part.get_payload(decode=True) or b""
        attachments.append((filename or "bijlage", payload))
    return ParsedMail(
        message_id=message_id_of(raw, message.get("Message-ID")),
        sender_name=" ".join(name.split())[:150],
        sender_email=address.strip().lower()[:254],
        subject=" ".join(str(message.get("Subject", "")).split())[:200],
        text=normalise_text(text),
        recipients=recipients,
        attachments=attachments,
        automatic=automatic_reason(message, address),
    )


def own_addresses() -> set[str]:
    """The loket's own sender addresses: a message from one of them is our own mail coming back."""
    own = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1], parseaddr(settings.SERVER_EMAIL)[1], settings.IMAP_ADDRESS}
    return {addr.lower() for addr in own if addr}


def automatic_reason(message: EmailMessage, address: str) -> str:
    """Why the message was written by a machine (never a question, never answered), or ""."""
    auto_submitted = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    for header in AUTOREPLY_HEADERS:
        if header in message:
            return f"{header}: {str(message[header]).strip()}"
    if message.get_content_type() == "multipart/report" or any(
        part.get_content_type() in ("message/delivery-status", "message/disposition-notification")
        for part in message.walk()
    ):
        return _("afleverbericht (bounce)")
    local, _at, domain = address.lower().partition("@")
    if local in BOUNCE_SENDERS or str(message.get("Return-Path", "")).strip() == "<>":
        return _("afleverbericht (bounce)")
    own_local = {a.partition("@")[0] for a in own_addresses()}
    own_domains = {a.partition("@")[2] for a in own_addresses()}
    if address.lower() in own_addresses() or (domain in own_domains and local.split("+")[0] in own_local):
        return _("afzender is het loket zelf")
    if "List-Id" in message or "List-Unsubscribe" in message:
        return _("massamail (List-Id)")
    return ""


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


SEPARATOR_RE = re.compile(
    r"^[ \t>]*-{2,}[ \t]*(?:Oorspronkelijk bericht|Original Message|Doorgestuurd bericht|Forwarded message)"
    r"[ \t]*-{2,}[ \t]*$",
    flags=re.IGNORECASE,
)
WROTE_RE = re.compile(r"^Op .*\b(?:schreef|geschreven)\b.*:$", flags=re.IGNORECASE | re.DOTALL)


def _quote_header_at(lines: list[str]) -> int | None:
    """The first line of a quote header the library misses: Outlook's separator line, or Gmail's
    Dutch "Op <datum> schreef <naam> <adres>:" (also when the client wrapped it over two lines)."""
    for i, line in enumerate(lines):
        if SEPARATOR_RE.match(line):
            return i
        bare = line.lstrip("> \t")
        if bare.startswith("Op "):
            for joined in (bare, f"{bare} {lines[i + 1].lstrip('> ')}" if i + 1 < len(lines) else ""):
                if "@" in joined and WROTE_RE.match(joined.strip()):
                    return i
    return None


def strip_quoted(text: str) -> str:
    """The new part of a reply: the quoted history (Outlook, Gmail, Apple Mail; Dutch and English
    headers such as "Op ... schreef ...:" and "-----Oorspronkelijk bericht-----") left out."""
    reply = EmailReplyParser(languages=QUOTE_LANGUAGES).parse_reply(text) or ""
    lines = reply.split("\n")
    cut = _quote_header_at(lines)
    if cut is not None:
        lines = lines[:cut]
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith(">")):
        lines.pop()  # a quote the parser left at the end
    return normalise_text("\n".join(lines))


BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr"}
SAFE_TAGS = BLOCKS | {"ul", "ol", "td", "th", "a", "b", "strong", "i", "em", "span"}


class _TextMaker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")
        if tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    """HTML sanitised with nh3 (scripts, styles, attributes and unknown tags gone), then text."""
    clean = nh3.clean(html, tags=SAFE_TAGS, attributes={}, link_rel=None)
    maker = _TextMaker()
    maker.feed(clean)
    maker.close()
    text = "".join(maker.parts)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))
