"""Confirmed subscribers, the audience of the bench's mailing."""

from __future__ import annotations

from django.apps import apps

from bench.seed.context import SeedContext, token
from bench.seed.users import BENCH_EMAIL_DOMAIN
from loket.core.bulk import bulk_insert


def seed_subscribers(ctx: SeedContext) -> dict[str, int]:
    """5,000 confirmed subscribers, once `loket.Subscription` exists (built by the loket helper).

    Fields of loket.Subscription (double opt-in: confirmed).
    """
    try:
        subscription = apps.get_model("loket", "Subscription")
    except LookupError:
        return {"abonnees (model ontbreekt nog)": 0}
    field_names = {f.name for f in subscription._meta.concrete_fields}
    rng = ctx.rng
    objs = []
    # the audience of the 5,000-recipient mailing at every size (issue 21 item 7): not ten times more
    n = max(1, round(ctx.volume["subscribers"] * min(ctx.scale, 1)))
    for i in range(n):
        first, last = ctx.person()
        values = {
            "email": f"abonnee{i + 1:05d}@{BENCH_EMAIL_DOMAIN}",
            "name": f"{first} {last}",
            "confirmed_at": ctx.when(days_back=600),
            "requested_at": ctx.when(days_back=700),
            "general_news": True,
            "province": rng.choice(ctx.provinces) if rng.random() < 0.5 else None,
            "token": token(rng),
        }
        objs.append(subscription(**{k: v for k, v in values.items() if k in field_names}))
    created = bulk_insert(subscription, objs)
    return {"abonnees": len(created)}
