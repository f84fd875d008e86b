"""Small helpers shared by the journey tests (mail links, URL names that may not exist yet)."""

import re

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse


def url_exists(name: str, **kwargs) -> bool:
    try:
        reverse(name, kwargs=kwargs or None)
    except NoReverseMatch as error:
        # A name that exists but needs other arguments still counts as existing.
        return "is not a registered namespace" not in str(error) and "not a valid view function" not in str(error)
    return True


def skip_without_url(*names: str):
    """Skip until the pages behind these URL names exist (the loket app lands later)."""
    missing = [name for name in names if not url_exists(name)]
    return pytest.mark.skipif(bool(missing), reason=f"wacht op de loket-app: {', '.join(missing)} bestaat nog niet")


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to or address in getattr(m, "bcc", [])]


def path_in_mail(message, pattern: str) -> str:
    """The first path in a mail's text matching `pattern` (a regex for the path, e.g. r"/vragen/volgen/[^/]+/")."""
    match = re.search(pattern, message.body)
    assert match, f"geen link {pattern} in de mail {message.subject!r}:\n{message.body}"
    return match.group(0)
