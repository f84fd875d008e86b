"""Experts as the domain makes them, for demo data, bench seeding and test factories.

Written once here: an expert who gave consent did so to the current consent text
(`EXPERTS_CONSENT_VERSION`) and confirmed the profile then, unless the caller says otherwise; the
themes and provinces are linked. Many experts go in a handful of bulk inserts.

Builders only write rows; joining through an invitation is the service `expert_join`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from loket.core.bulk import BATCH, bulk_insert
from loket.core.models import Province, Theme

from .models import Expert


@dataclass
class NewExpert:
    """One expert to build: `expert` is unsaved."""

    expert: Expert
    themes: Sequence[Theme] = ()
    provinces: Sequence[Province] = ()


def _complete(expert: Expert) -> None:
    if expert.consent_given_at is not None:
        expert.consent_version = expert.consent_version or settings.EXPERTS_CONSENT_VERSION
        if expert.last_confirmed_at is None:
            expert.last_confirmed_at = expert.consent_given_at


def build_experts(items: Sequence[NewExpert], *, batch_size: int = BATCH) -> list[Expert]:
    """Insert the experts with their themes and provinces; returns them saved, in order."""
    items = list(items)
    for item in items:
        _complete(item.expert)
    with transaction.atomic():
        experts = bulk_insert(Expert, [item.expert for item in items], batch_size=batch_size)
        pairs = list(zip(items, experts, strict=True))
        themes, provinces = Expert.themes.through, Expert.provinces.through
        theme_links = [themes(expert_id=e.pk, theme_id=t.pk) for item, e in pairs for t in item.themes]
        province_links = [provinces(expert_id=e.pk, province_id=p.pk) for item, e in pairs for p in item.provinces]
        bulk_insert(themes, theme_links, batch_size=batch_size)
        bulk_insert(provinces, province_links, batch_size=batch_size)
    return experts


def build_expert(*, themes: Sequence[Theme] = (), provinces: Sequence[Province] = (), **fields) -> Expert:
    """One expert; `fields` are Expert fields (name, email, organisation, consent_given_at, ...)."""
    return build_experts([NewExpert(Expert(**fields), themes=list(themes), provinces=list(provinces))])[0]
