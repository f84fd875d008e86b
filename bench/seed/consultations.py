"""Consultation rounds with comments, and submitted lessons (issue 15's pages at volume, issue 21).

Both reuse publications that seed_publications made (draft kaders for the rounds, lessons-learned
publications for the submissions), so the publication count stays the issue's figure. The newest
round is open with every comment on it: the consultation page of the bench (issue 21 item 5: 500
comments at `--scale 10`); the other rounds are closed. About a third of the comments is answered.
"""

from __future__ import annotations

from datetime import timedelta

from bench.seed.context import SeedContext
from bench.seed.texts import ANSWER_SENTENCES, BODY_SENTENCES, MUNICIPALITIES
from loket.core.bulk import bulk_insert
from loket.core.markdown import markdown_sections
from loket.publications.consultations.models import (
    Consultation,
    ConsultationComment,
    ConsultationInvitee,
    ConsultationStatusChange,
)
from loket.publications.consultations.workflow import ConsultationStatus, Handling
from loket.publications.lessons.models import LessonSubmission
from loket.publications.lessons.workflow import LessonStatus
from loket.publications.models import Publication, PublicationKind, PublicationStatus

BENCH_CONSULTATION_TITLE_PREFIX = "Benchmark-consultatie"
SECTION_TITLES = ["Waar gaat dit over?", "Wat betekent dit voor u?", "Verdeling over de provincies"]


def seed_consultations(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    drafts = list(
        Publication.objects.filter(kind=PublicationKind.FRAMEWORK, status=PublicationStatus.DRAFT).order_by("pk")[
            : ctx.count("consultations")
        ]
    )
    if not drafts:  # a tiny volume (tests) without a draft kader: the first publication becomes one
        body = "\n\n".join(f"## {title}\n\n{ctx.text(BODY_SENTENCES, 3)}" for title in SECTION_TITLES)
        first = Publication.objects.order_by("pk").first()
        if first is None:
            return {"consultaties": 0, "consultatiereacties": 0}
        Publication.objects.filter(pk=first.pk).update(
            kind=PublicationKind.FRAMEWORK, status=PublicationStatus.DRAFT, published_at=None, body=body
        )
        first.refresh_from_db()
        drafts = [first]
    core = ctx.users.get("bench-kernteam")
    partner = ctx.users.get("bench-prt-utrecht")
    today = ctx.now.date()
    rounds = []
    for i, publication in enumerate(drafts):
        open_round = i == 0
        opened = ctx.now - timedelta(days=5 if open_round else 40 + 20 * i)
        rounds.append(
            Consultation(
                publication=publication,
                version=publication.version,
                title=f"{BENCH_CONSULTATION_TITLE_PREFIX} {i + 1}: {publication.title}"[:250],
                body=publication.body,
                introduction=ctx.text(BODY_SENTENCES, 2),
                closes_on=today + timedelta(days=30) if open_round else (opened + timedelta(days=21)).date(),
                is_open_round=open_round,
                invited_roles=["PRT-lid"],
                status=ConsultationStatus.OPEN if open_round else ConsultationStatus.CLOSED,
                opened_at=opened,
                opened_by=core,
                closed_at=None if open_round else opened + timedelta(days=25),
            )
        )
    rounds = bulk_insert(Consultation, rounds)
    invitees = [
        ConsultationInvitee(consultation=c, user=user, invitation_sent_at=c.opened_at)
        for c in rounds
        for user in (partner, core)
        if user is not None
    ]
    bulk_insert(ConsultationInvitee, invitees)
    bulk_insert(
        ConsultationStatusChange,
        [
            ConsultationStatusChange(consultation=c, from_status="", to_status=ConsultationStatus.OPEN, by=core)
            for c in rounds
        ],
    )

    measured = rounds[0]
    sections = [s for s in markdown_sections(measured.body) if s.anchor] or []
    handlings = [Handling.ADOPTED, Handling.PARTLY, Handling.NOT_ADOPTED]
    comments = []
    for j in range(ctx.count("consultation_comments")):
        section = rng.choice(sections) if sections and rng.random() < 0.8 else None
        first, last = ctx.person()
        created = measured.opened_at + timedelta(minutes=rng.randrange(5 * 24 * 60))
        answered = rng.random() < 0.35
        comments.append(
            ConsultationComment(
                consultation=measured,
                author=partner,
                author_name=f"{first} {last}",
                organisation_name=f"Gemeente {rng.choice(MUNICIPALITIES)}",
                anchor=section.anchor if section else "",
                section_label=section.label[:250] if section else "",
                text=ctx.text(BODY_SENTENCES, 2) + f" (reactie {j + 1})",
                created_at=created,
                updated_at=created,
                handling=rng.choice(handlings) if answered else "",
                reason=ctx.text(ANSWER_SENTENCES, 2) if answered else "",
                answered_at=created + timedelta(hours=6) if answered else None,
                answered_by=core if answered else None,
            )
        )
    bulk_insert(ConsultationComment, comments)
    return {"consultaties": len(rounds), "consultatiereacties": len(comments)}


def seed_lessons(ctx: SeedContext) -> dict[str, int]:
    """Submitted lessons on the lessons-learned publications: drafts wait for the core team
    (submitted or a question back), published ones are done."""
    rng = ctx.rng
    partner = ctx.users.get("bench-prt-utrecht")
    if partner is None:
        return {"ingestuurde lessen": 0}
    publications = list(
        Publication.objects.filter(
            kind=PublicationKind.LESSONS, status__in=[PublicationStatus.DRAFT, PublicationStatus.PUBLISHED]
        ).order_by("pk")[: ctx.count("lessons")]
    )
    lessons = []
    for publication in publications:
        draft = publication.status == PublicationStatus.DRAFT
        status = rng.choice([LessonStatus.SUBMITTED, LessonStatus.QUESTION]) if draft else LessonStatus.PUBLISHED
        lessons.append(
            LessonSubmission(
                submitter=partner,
                submitter_name="Pim Partner",
                organisation_name="Provincie Utrecht",
                province=publication.province,
                title=publication.title[:200],
                tried=ctx.text(BODY_SENTENCES, 2),
                place=f"Gemeente {rng.choice(MUNICIPALITIES)}",
                worked=ctx.text(ANSWER_SENTENCES, 2),
                did_not_work=ctx.text(BODY_SENTENCES, 1) if rng.random() < 0.5 else "",
                status=status,
                publication=publication,
                created_at=publication.created_at,
                updated_at=publication.updated_at,
            )
        )
    lessons = bulk_insert(LessonSubmission, lessons)
    through = LessonSubmission.themes.through
    bulk_insert(
        through,
        [through(lessonsubmission_id=lesson.pk, theme_id=rng.choice(ctx.themes).pk) for lesson in lessons],
    )
    return {"ingestuurde lessen": len(lessons)}
