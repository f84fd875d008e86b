"""Lessons from the field in the next mailing: a regular mailing carries, to each recipient with an
active subscription on a matching theme (or its main theme), the lessons learned published since
the previous regular mailing started sending. Read through the publications room's selector; kept
per recipient in the snapshot row's context, so a resend shows the same list."""

from django.urls import reverse
from django.utils import timezone

from loket.mailings.models import Mailing, MailingKind
from loket.mailings.subscriptions import active_subscriptions
from loket.publications.lessons.selectors import lessons_published_between


def previous_mailing_start(mailing: Mailing):
    return (
        Mailing.objects.filter(kind=MailingKind.REGULAR, sent_at__isnull=False)
        .exclude(pk=mailing.pk)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )


def attach_new_lessons(mailing: Mailing, people: dict[str, dict]) -> int:
    """Add `lessons` (title, url, summary) to the context of each matching recipient in `people`.
    Returns how many recipients got at least one lesson."""
    if mailing.kind != MailingKind.REGULAR or not people:
        return 0
    lessons = lessons_published_between(previous_mailing_start(mailing), timezone.now())
    if not lessons:
        return 0
    lesson_themes = {
        lesson.pk: {t.pk for t in lesson.themes.all()} | {t.parent_id for t in lesson.themes.all() if t.parent_id}
        for lesson in lessons
    }
    subscriptions = active_subscriptions().filter(email__in=list(people)).prefetch_related("themes")
    subscriptions = [s for s in subscriptions if s.email.lower() in people]
    reached = 0
    for subscription in subscriptions:
        wanted = {t.pk for t in subscription.themes.all()}
        matched = [lesson for lesson in lessons if wanted & lesson_themes[lesson.pk]]
        if not matched:
            continue
        context = people[subscription.email.lower()].setdefault("context", {})
        context["lessons"] = [
            {
                "title": lesson.title,
                "summary": lesson.summary[:300],
                "url": reverse("loket:publication_detail", kwargs={"slug": lesson.slug}),
            }
            for lesson in matched
        ]
        reached += 1
    return reached
