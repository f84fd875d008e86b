"""Questions over two years with messages, themes and status history (questions.builders)."""

from __future__ import annotations

from datetime import timedelta

from bench.seed.context import SeedContext, token
from bench.seed.texts import ANSWER_SENTENCES, BODY_SENTENCES, FUNCTIONS, NOTE_SENTENCES, SUBJECTS
from bench.seed.users import BENCH_EMAIL_DOMAIN
from questions.builders import Message, NewQuestion, Step, build_questions
from questions.models import MessageKind, Question
from questions.workflow import Status

ANSWERED = (Status.ANSWERED, Status.CLOSED, Status.REOPENED)


def seed_questions(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    core = ctx.core_team()
    n = ctx.count("questions")
    statuses = [s.value for s in Status]
    weights = [8, 10, 12, 4, 30, 33, 3]
    received = sorted(ctx.when(days_back=730) for _ in range(n))
    # The reference (continuing after existing questions of the year), due date and theme links
    # follow the domain rules in questions.builders; the random draws stay in their order.
    questions = []
    for i, at in enumerate(received):
        first, last = ctx.person()
        org = rng.choice(ctx.organisations)
        province = rng.choice(ctx.provinces) if rng.random() < 0.8 else None
        status = rng.choices(statuses, weights)[0]
        answered = at + timedelta(days=rng.randint(1, 15)) if status in ANSWERED else None
        values = ctx.words(province=province.name if province else "het hele land")
        questions.append(
            Question(
                token=token(rng),
                asker_name=f"{first} {last}",
                asker_email=f"{first.lower()}.{i + 1:05d}@{BENCH_EMAIL_DOMAIN}",
                asker_role=rng.choice(FUNCTIONS),
                organisation=org,
                organisation_name=org.name,
                province=province,
                subject=rng.choice(SUBJECTS).format(**values)[:200],
                body=" ".join(s.format(**values) for s in rng.sample(BODY_SENTENCES, 4)),
                status=status,
                assignee=None if status == "nieuw" else rng.choice(core),
                received_at=at,
                answered_at=answered,
                closed_at=answered + timedelta(days=3) if answered and status == "gesloten" else None,
                updated_at=answered or at,
            )
        )
    themes = [rng.sample(ctx.themes, rng.randint(1, 2)) for _q in questions]

    per_question = ctx.volume["messages_per_question"]
    items = []
    for q, chosen in zip(questions, themes, strict=True):
        author = q.assignee or rng.choice(core)
        # Three messages: an internal note, an answer (or a second note while still open), a reply/note.
        kinds = (
            [MessageKind.NOTE, MessageKind.ANSWER, MessageKind.REPLY]
            if q.answered_at
            else [MessageKind.NOTE, MessageKind.NOTE, MessageKind.NOTE]
        )[:per_question]
        messages = []
        for k, kind in enumerate(kinds):
            body_source = {MessageKind.ANSWER: ANSWER_SENTENCES, MessageKind.REPLY: BODY_SENTENCES}.get(
                kind, NOTE_SENTENCES
            )
            messages.append(
                Message(
                    kind=kind,
                    author=None if kind == MessageKind.REPLY else author,
                    body=ctx.text(body_source, 3),
                    at=q.received_at + timedelta(hours=6 * (k + 1)),
                )
            )
        # One history row per question that moved on: from new to where it is now.
        history = []
        if q.status != Status.NEW:
            moved = q.answered_at or q.received_at + timedelta(hours=2)
            history.append(Step(to=q.status, from_status=Status.NEW, by=author, at=moved))
        items.append(NewQuestion(q, themes=chosen, history=history, messages=messages))
    build_questions(items)
    return {
        "vragen": len(items),
        "berichten": sum(len(item.messages) for item in items),
        "statuswijzigingen": sum(len(item.history) for item in items),
        "vraag-thema's": sum(len(item.themes) for item in items),
    }
