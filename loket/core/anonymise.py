"""Leaving identifying details out of a text: e-mail addresses, links, phone numbers, postcodes and
given names and organisations. Used wherever a question's text is shown to someone other than the
asker and the core team."""

import re

from django.utils.translation import gettext as _

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(r"(?<![\w])(\+|00)?\(?\d[\d\s().-]{7,}\d(?![\w])")
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
_URL_WITH_NAME = re.compile(r"https?://\S+")


def anonymise_text(text: str, *, names=(), organisations=()) -> str:
    """Leave out e-mail addresses, phone numbers, postcodes, links, and the given names and
    organisation names (whole names and their parts of three letters or more)."""
    text = text or ""
    text = _EMAIL.sub(_("[e-mailadres]"), text)
    text = _URL_WITH_NAME.sub(_("[link]"), text)
    text = _PHONE.sub(_("[telefoonnummer]"), text)
    text = _POSTCODE.sub(_("[postcode]"), text)
    for label, values in ((_("[organisatie]"), organisations), (_("[naam]"), names)):
        parts: set[str] = set()
        for value in values:
            value = (value or "").strip()
            if not value:
                continue
            parts.add(value)
            parts.update(p for p in re.split(r"[\s,.-]+", value) if len(p) >= 3 and p.lower() not in _NAME_PARTICLES)
        for part in sorted(parts, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", label, text, flags=re.IGNORECASE)
    return text


_NAME_PARTICLES = {"van", "der", "den", "de", "het", "ter", "ten", "gemeente", "provincie"}
