"""States of a submitted lesson (through `loket.publications.lessons.services.lesson_transition`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonStatus(models.TextChoices):
    SUBMITTED = "ingediend", _("Ingediend")
    QUESTION = "vraag", _("Vraag aan inzender")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")


TRANSITIONS: dict[LessonStatus, frozenset[LessonStatus]] = {
    # The core team asks the submitter a question, or publishes the lesson.
    LessonStatus.SUBMITTED: frozenset({LessonStatus.QUESTION, LessonStatus.PUBLISHED}),
    # The submitter answers (back to the core team); the core team may also publish right away.
    LessonStatus.QUESTION: frozenset({LessonStatus.SUBMITTED, LessonStatus.PUBLISHED}),
    # Published: the publication itself can be withdrawn or edited; the submission is done.
    LessonStatus.PUBLISHED: frozenset(),
}
