"""The expert directory (experts.builders) and referrals of questions to experts."""

from __future__ import annotations

from datetime import timedelta

from bench.seed.context import SeedContext
from bench.seed.texts import ANSWER_SENTENCES, EXPERTISE_SENTENCES, FUNCTIONS, NOTE_SENTENCES
from bench.seed.users import BENCH_EMAIL_DOMAIN
from experts.builders import NewExpert, build_experts
from experts.models import Availability, ContactPreference, Expert, Referral, ReferralStatus
from loket.core.bulk import bulk_insert
from questions.models import Question


def seed_experts(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    n = ctx.count("experts")
    objs = []
    for i in range(n):
        first, last = ctx.person()
        given = ctx.when(days_back=700) if rng.random() < 0.9 else None
        withdrawn = given + timedelta(days=rng.randint(10, 200)) if given and rng.random() < 0.05 else None
        objs.append(
            Expert(
                name=f"{first} {last}",
                email=f"deskundige{i + 1:05d}@{BENCH_EMAIL_DOMAIN}",
                phone=f"06 {rng.randint(10_000_000, 99_999_999)}",
                organisation=rng.choice(ctx.organisations),
                function=rng.choice(FUNCTIONS),
                expertise=ctx.text(EXPERTISE_SENTENCES, 3),
                availability=rng.choices([a.value for a in Availability], [60, 30, 10])[0],
                contact_preference=rng.choice([c.value for c in ContactPreference]),
                consent_given_at=given,
                consent_withdrawn_at=withdrawn,
                last_confirmed_at=given + timedelta(days=rng.randint(0, 300)) if given else None,
                created_at=given or ctx.when(),
                updated_at=given or ctx.now,
            )
        )
    themes = [rng.sample(ctx.themes, rng.randint(1, 4)) for _e in objs]
    provinces = [rng.sample(ctx.provinces, rng.randint(0, 3)) for _e in objs]
    experts = build_experts(
        [NewExpert(e, themes=t, provinces=p) for e, t, p in zip(objs, themes, provinces, strict=True)]
    )

    # Referrals: about one in twenty questions went to an expert (drives the "current load" column).
    question_ids = list(
        Question.objects.filter(status__in=["bij_deskundige", "beantwoord", "gesloten"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    listed = [e for e in experts if e.consent_given_at and not e.consent_withdrawn_at]
    referrals = []
    if listed and question_ids:
        for qid in rng.sample(question_ids, min(len(question_ids), max(1, len(question_ids) // 10))):
            at = ctx.when(days_back=600)
            status = rng.choice([s.value for s in ReferralStatus])
            referrals.append(
                Referral(
                    question_id=qid,
                    expert=rng.choice(listed),
                    status=status,
                    note=ctx.text(NOTE_SENTENCES, 1),
                    referred_by=rng.choice(ctx.core_team()),
                    referred_at=at,
                    responded_at=at + timedelta(days=2) if status != ReferralStatus.SENT else None,
                    answered_at=at + timedelta(days=5) if status == ReferralStatus.ANSWERED else None,
                    response=ctx.text(ANSWER_SENTENCES, 2) if status == ReferralStatus.ANSWERED else "",
                )
            )
    bulk_insert(Referral, referrals)
    return {
        "deskundigen": len(experts),
        "deskundige-thema's": sum(len(t) for t in themes),
        "deskundige-provincies": sum(len(p) for p in provinces),
        "doorverwijzingen": len(referrals),
    }
