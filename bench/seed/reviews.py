"""Review comments on plan versions and support requests of the provinces (issue 16's pages at volume,
issue 21). The version the bench measures (the newest, as bench.querybudget.page_url picks it) gets
`review_comments_on_version` of them (100 at `--scale 10`: issue 21 item 5) on its location lines,
narrative sections and the whole version; the rest spreads over the other versions. Some are answered,
some resolved."""

from __future__ import annotations

from datetime import timedelta

from bench.seed.context import SeedContext
from bench.seed.texts import ANSWER_SENTENCES, BODY_SENTENCES
from loket.core.bulk import bulk_insert
from plans.models import PlannedLocation, PlanVersion, ReviewComment, SupportRequest
from plans.workflow import SupportKind, SupportStatus

SECTIONS = ["scaling", "regional", "roles", "risks"]


def measured_version() -> PlanVersion | None:
    """The plan version of the bench's version page (the same choice as bench.querybudget.page_url)."""
    return PlanVersion.objects.select_related("plan__province").order_by("-number", "pk").first()


def seed_review_comments(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    measured = measured_version()
    if measured is None:
        return {"reviewopmerkingen": 0}
    total = ctx.count("review_comments")
    on_measured = min(total, ctx.count("review_comments_on_version"))
    others = list(PlanVersion.objects.exclude(pk=measured.pk).values_list("pk", flat=True).order_by("pk"))
    targets = [measured.pk] * on_measured + [rng.choice(others) for _i in range(total - on_measured)] if others else []
    if not others:
        targets = [measured.pk] * total
    wanted = set(targets)
    lines: dict[int, list[tuple]] = {}
    for version_id, key, name in PlannedLocation.objects.filter(version_id__in=wanted).values_list(
        "version_id", "key", "name"
    ):
        lines.setdefault(version_id, []).append((key, name))
    core = ctx.core_team()
    partner = ctx.users.get("bench-prt-utrecht")
    comments = []
    for version_id in targets:
        author = rng.choice(core) if core else None
        target = rng.random()
        section, key, name = "", None, ""
        if target < 0.6 and lines.get(version_id):
            key, name = rng.choice(lines[version_id])
        elif target < 0.85:
            section = rng.choice(SECTIONS)
        created = ctx.when(days_back=300)
        answered = rng.random() < 0.5
        resolved = answered and rng.random() < 0.5
        comments.append(
            ReviewComment(
                version_id=version_id,
                section=section,
                location_key=key,
                location_name=name[:200],
                body=ctx.text(BODY_SENTENCES, 2),
                author=author,
                author_name=author.get_full_name() if author else "",
                created_at=created,
                answer=ctx.text(ANSWER_SENTENCES, 2) if answered else "",
                answered_by=partner if answered else None,
                answered_at=created + timedelta(days=2) if answered else None,
                resolved_at=created + timedelta(days=4) if resolved else None,
                resolved_by=author if resolved else None,
            )
        )
    bulk_insert(ReviewComment, comments)
    return {"reviewopmerkingen": len(comments), "reviewopmerkingen op de gemeten versie": on_measured}


def seed_support_requests(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    partner = ctx.users.get("bench-prt-utrecht")
    core = ctx.core_team()
    kinds = [k.value for k in SupportKind]
    statuses = [s.value for s in SupportStatus]
    requests = []
    for _i in range(ctx.count("support_requests")):
        status = rng.choices(statuses, [30, 20, 10, 20, 20])[0]
        created = ctx.when(days_back=365)
        requests.append(
            SupportRequest(
                province=rng.choice(ctx.provinces),
                kind=rng.choice(kinds),
                description=ctx.text(BODY_SENTENCES, 2),
                wished_date=(created + timedelta(days=rng.randint(7, 60))).date(),
                status=status,
                requested_by=partner,
                assignee=rng.choice(core) if core and status != SupportStatus.REQUESTED else None,
                planned_for=(created + timedelta(days=30)).date() if status in ("gepland", "afgerond") else None,
                decline_reason=ctx.text(ANSWER_SENTENCES, 1) if status == SupportStatus.DECLINED else "",
                outcome=ctx.text(ANSWER_SENTENCES, 2) if status == SupportStatus.DONE else "",
                created_at=created,
            )
        )
    bulk_insert(SupportRequest, requests)
    return {"ondersteuningsaanvragen": len(requests)}
