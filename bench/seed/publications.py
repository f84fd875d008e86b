"""Publications of every kind, most of them published (loket.publications.builders)."""

from __future__ import annotations

from datetime import timedelta

from bench.seed.context import SeedContext
from bench.seed.texts import ANSWER_SENTENCES, BODY_SENTENCES, MUNICIPALITIES, PUBLICATION_TITLES
from loket.publications.builders import NewPublication, build_publications
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
                published_at=published,  # a draft has none: the builder clears it
                version=rng.randint(1, 3),
                valid_from=valid_from,
                valid_until=valid_from + timedelta(days=730) if valid_from and rng.random() < 0.5 else None,
                created_at=published - timedelta(days=rng.randint(1, 30)),
                updated_at=published,
                created_by=author,
            )
        )
    themes = [rng.sample(ctx.themes, rng.randint(1, 3)) for _p in objs]
    pubs = build_publications([NewPublication(p, themes=t) for p, t in zip(objs, themes, strict=True)])
    return {"publicaties": len(pubs), "publicatie-thema's": sum(len(t) for t in themes)}
