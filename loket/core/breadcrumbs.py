"""Breadcrumbs ("kruimelpad") on nested pages: the view says the trail, one include renders it.

A view puts `breadcrumbs=trail((label, url), ..., current_label)` in its context; `base.html` renders
`includes/breadcrumbs.html` whenever that key is there: a `<nav aria-label="Kruimelpad">` with an
ordered list, the home page first and the current page last (`aria-current="page"`, no link).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""  # empty: the current page


def trail(*steps: tuple[str, str] | str) -> list[Crumb]:
    """The home page, then each `(label, url)` step, then the current page (a plain label, last)."""
    *parents, current = steps
    crumbs = [Crumb(str(_("Startpagina")), reverse("loket:home"))]
    crumbs += [Crumb(str(label), url) for label, url in parents]
    crumbs.append(Crumb(str(current[0] if isinstance(current, tuple) else current)))
    return crumbs
