"""Publications of every kind, most of them published."""

from __future__ import annotations

from datetime import timedelta

from bench.seed.context import SeedContext, bulk, explicit_timestamps
from bench.seed.texts import ANSWER_SENTENCES, BODY_SENTENCES, MUNICIPALITIES, PUBLICATION_TITLES
from loket.publications.models import Publication, PublicationKind, PublicationStatus


def seed_publications(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    kinds = [k.value for k in PublicationKind]
    weights = [15, 15, 40, 20, 10]
    objs = []
    author = ctx.users.get("bench-kernteam")
    for i in range(ctx.count("publications")):
        kind = rng.choices(kinds, weights)[0]
        values = ctx.words()
        title = rng.choice(PUBLICATION_TITLES[kind]).format(**values)
        status = rng.choices(
            [PublicationStatus.PUBLISHED, PublicationStatus.DRAFT, PublicationStatus.WITHDRAWN], [85, 10, 5]
        )[0]
        published = ctx.when(days_back=900)
        body = "\n\n".join(
            [
                "## Waar gaat dit over?",
                ctx.text(BODY_SENTENCES, 3),
                "## Wat betekent dit voor u?",
                ctx.text(ANSWER_SENTENCES, 4),
                "- " + "\n- ".join(rng.sample(MUNICIPALITIES, 3)),
            ]
        )
        valid_from = published.date() if kind in ("kader", "handreiking") else None
        objs.append(
            Publication(
                kind=kind,
                title=title[:250],
                slug=f"bench-{i + 1:05d}",
                summary=ctx.text(ANSWER_SENTENCES, 2),
                body=body,
                province=rng.choice(ctx.provinces) if rng.random() < 0.3 else None,
                status=status,
                published_at=published if status != PublicationStatus.DRAFT else None,
                version=rng.randint(1, 3),
                valid_from=valid_from,
                valid_until=valid_from + timedelta(days=730) if valid_from and rng.random() < 0.5 else None,
                created_at=published - timedelta(days=rng.randint(1, 30)),
                updated_at=published,
                created_by=author,
            )
        )
    with explicit_timestamps(Publication):
        pubs = bulk(Publication, objs)
    through = Publication.themes.through
    links = [
        through(publication_id=p.pk, theme_id=t.pk) for p in pubs for t in rng.sample(ctx.themes, rng.randint(1, 3))
    ]
    bulk(through, links)
    return {"publicaties": len(pubs), "publicatie-thema's": len(links)}
