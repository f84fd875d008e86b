"""Questions over two years with messages, themes and status history."""

from __future__ import annotations

from datetime import timedelta

from django.db import models

from bench.seed.context import SeedContext, bulk, explicit_timestamps, token
from bench.seed.texts import ANSWER_SENTENCES, BODY_SENTENCES, FUNCTIONS, NOTE_SENTENCES, SUBJECTS
from bench.seed.users import BENCH_EMAIL_DOMAIN
from questions.models import MessageKind, Question, QuestionMessage, StatusChange
from questions.workflow import Status


def seed_questions(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    core = ctx.core_team()
    n = ctx.count("questions")
    statuses = [s.value for s in Status]
    weights = [8, 10, 12, 4, 30, 33, 3]
    # References continue after any existing question of the year (seeding next to other data: --force).
    next_seq: dict[int, int] = {
        row["year"]: row["m"] for row in Question.objects.values("year").annotate(m=models.Max("sequence"))
    }
    received = sorted(ctx.when(days_back=730) for _ in range(n))
    objs = []
    for at in received:
        year = at.year
        next_seq[year] = next_seq.get(year, 0) + 1
        seq = next_seq[year]
        first, last = ctx.person()
        org = rng.choice(ctx.organisations)
        province = rng.choice(ctx.provinces) if rng.random() < 0.8 else None
        status = rng.choices(statuses, weights)[0]
        answered = at + timedelta(days=rng.randint(1, 15)) if status in ("beantwoord", "gesloten", "heropend") else None
        values = ctx.words(province=province.name if province else "het hele land")
        objs.append(
            Question(
                reference=f"V-{year}-{seq:05d}",
                year=year,
                sequence=seq,
                token=token(rng),
                asker_name=f"{first} {last}",
                asker_email=f"{first.lower()}.{seq}.{year}@{BENCH_EMAIL_DOMAIN}",
                asker_role=rng.choice(FUNCTIONS),
                organisation=org,
                organisation_name=org.name,
                province=province,
                subject=rng.choice(SUBJECTS).format(**values)[:200],
                body=" ".join(s.format(**values) for s in rng.sample(BODY_SENTENCES, 4)),
                consent_at=at,
                status=status,
                assignee=None if status == "nieuw" else rng.choice(core),
                received_at=at,
                due_date=(at + timedelta(days=7)).date(),
                answered_at=answered,
                closed_at=answered + timedelta(days=3) if answered and status == "gesloten" else None,
                updated_at=answered or at,
            )
        )
    with explicit_timestamps(Question):
        questions = bulk(Question, objs)

    through = Question.themes.through
    theme_links = [
        through(question_id=q.pk, theme_id=t.pk) for q in questions for t in rng.sample(ctx.themes, rng.randint(1, 2))
    ]
    bulk(through, theme_links)

    per_question = ctx.volume["messages_per_question"]
    messages = []
    changes = []
    for q in questions:
        author = q.assignee or rng.choice(core)
        # Three messages: an internal note, an answer (or a second note while still open), a reply/note.
        kinds = (
            [MessageKind.NOTE, MessageKind.ANSWER, MessageKind.REPLY]
            if q.answered_at
            else [MessageKind.NOTE, MessageKind.NOTE, MessageKind.NOTE]
        )[:per_question]
        for k, kind in enumerate(kinds):
            is_asker = kind == MessageKind.REPLY
            body_source = {MessageKind.ANSWER: ANSWER_SENTENCES, MessageKind.REPLY: BODY_SENTENCES}.get(
                kind, NOTE_SENTENCES
            )
            messages.append(
                QuestionMessage(
                    question_id=q.pk,
                    kind=kind,
                    author=None if is_asker else author,
                    author_name=q.asker_name if is_asker else author.get_full_name(),
                    body=ctx.text(body_source, 3),
                    created_at=q.received_at + timedelta(hours=6 * (k + 1)),
                )
            )
        if q.status != Status.NEW:
            changes.append(
                StatusChange(
                    question_id=q.pk,
                    from_status=Status.NEW,
                    to_status=q.status,
                    by=author,
                    by_name=author.get_full_name(),
                    created_at=q.answered_at or q.received_at + timedelta(hours=2),
                )
            )
    with explicit_timestamps(QuestionMessage, StatusChange):
        bulk(QuestionMessage, messages)
        bulk(StatusChange, changes)
    return {
        "vragen": len(questions),
        "berichten": len(messages),
        "statuswijzigingen": len(changes),
        "vraag-thema's": len(theme_links),
    }
