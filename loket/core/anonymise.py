"""Leaving identifying details out of a text: greetings, signatures and closings, e-mail addresses,
links, phone numbers, street names with house numbers, postcodes, and given names and
organisations. The one mechanism wherever a question's text is shown to someone other than the
asker and the core team (the FAQ draft of a question, the text an expert gets); the core team can
correct the result before it goes out."""

import re

from django.utils.translation import gettext as _

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(r"(?<![\w])(\+|00)?\(?\d[\d\s().-]{7,}\d(?![\w])")
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
_URL_WITH_NAME = re.compile(r"https?://\S+")
# A greeting opening the text: "Goedemiddag,", "Hallo allemaal,", "Beste Jan,", "Geachte heer, mevrouw,".
_GREETING = re.compile(
    r"\A\s*(?:(?:goede(?:morgen|middag|navond|dag)|hallo|hoi)\b(?:[^\n.!?,:]{0,40}[,!:]|[,!:]?)\s*"
    r"|(?:beste|geachte|lieve|dag)\b[^\n.!?,:]{0,60}[,!:\n](?:\s*(?:heer|mevrouw)\s*[,!:])?\s*)+",
    re.IGNORECASE,
)
# A closing and everything after it (the signature): "Met vriendelijke groet, Jan Jansen, ...".
_CLOSING = re.compile(
    r"(?:(?<=[.!?])|\n)\s*(?:(?:met\s+)?(?:vriendelijke|hartelijke|beste|collegiale|warme)?\s*"
    r"(?:groet(?:en)?|groetjes)\b|m\.?\s?v\.?\s?g\.?(?!\w)|hoogachtend\b).*\Z",
    re.IGNORECASE | re.DOTALL,
)
# A street name with a house number: "Stationsstraat 12", "Korte Gracht 4a", "Dorpsweg 3-5" (not a year).
_STREET = re.compile(
    r"\b(?:[A-Z][\w'.-]*\s+){0,2}[\w'-]*(?i:straat|laan|weg|plein|gracht|kade|singel|dreef|dijk|steeg|"
    r"plantsoen|boulevard|allee|burgwal|hof|park)\s+(?!(?:19|20)\d\d\b)\d{1,4}(?:\s?[a-zA-Z]\b|[-/]\d{1,4}\b)?",
    re.UNICODE,
)


def anonymise_text(text: str, *, names=(), organisations=()) -> str:
    """Leave out a greeting at the start, a closing with the signature after it, e-mail addresses,
    phone numbers, street names with a house number, postcodes, links, and the given names and
    organisation names (whole names and their parts of three letters or more)."""
    text = text or ""
    text, greeted = _GREETING.subn("", text, count=1)
    if greeted:
        text = text[:1].upper() + text[1:]
    text = _CLOSING.sub("", text, count=1).rstrip()
    text = _EMAIL.sub(_("[e-mailadres]"), text)
    text = _URL_WITH_NAME.sub(_("[link]"), text)
    text = _POSTCODE.sub(_("[postcode]"), text)
    text = _STREET.sub(_("[adres]"), text)
    text = _PHONE.sub(_("[telefoonnummer]"), text)
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
