"""Reads of consultation rounds: who sees which round and which comments, the sections of the
consulted text with their comments beside them, the core team's overview."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from loket.core.roles import is_core_team
from loket.publications.consultations.models import Consultation, ConsultationComment, ConsultationInvitee
from loket.publications.consultations.workflow import ConsultationStatus
from loket.publications.workflow import PublicationStatus


def consultations_visible_to(user) -> QuerySet[Consultation]:
    """The one scoping of rounds: the core team sees every round, an invitee the rounds they are
    invited to, anyone else none (a closed round's reactienota: see `reactienota_visible`)."""
    if is_core_team(user):
        return Consultation.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    return Consultation.objects.filter(invitees__user=user)


def latest_consultation_for(user, slug: str) -> Consultation | None:
    """The newest round on the publication `slug` that `user` may see (None: a 404 for the page)."""
    return (
        consultations_visible_to(user)
        .filter(publication__slug=slug)
        .select_related("publication")
        .order_by("-opened_at", "-pk")
        .first()
    )


def open_consultations_for_invitee(user) -> list[Consultation]:
    """Open rounds `user` is invited to (the publications page lists them); none for visitors."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Consultation.objects.filter(invitees__user=user, status=ConsultationStatus.OPEN)
        .select_related("publication")
        .only("pk", "title", "closes_on", "publication__slug")
        .order_by("closes_on", "pk")
    )


def published_consultations_of(publication) -> list[Consultation]:
    """Closed rounds whose next version has been published: the public links of a kader."""
    if publication.status != PublicationStatus.PUBLISHED:
        return []
    return list(
        publication.consultations.filter(status=ConsultationStatus.CLOSED, published_version__isnull=False)
        .annotate(comment_count=Count("comments"))
        .order_by("-closed_at", "-pk")
    )


def reactienota_visible(consultation: Consultation, user) -> bool:
    """The core team and invitees always; everyone who can read the published kader once its round is
    closed and the next version published."""
    if consultations_visible_to(user).filter(pk=consultation.pk).exists():
        return True
    publication = consultation.publication
    return (
        consultation.status == ConsultationStatus.CLOSED
        and consultation.published_version is not None
        and publication.status == PublicationStatus.PUBLISHED
        and publication.published_at is not None
        and publication.published_at <= timezone.now()
    )


def comments_visible_to(consultation: Consultation, user) -> QuerySet[ConsultationComment]:
    """The core team sees all comments; in an open round every invitee sees all; otherwise one's own."""
    comments = consultation.comments.order_by("created_at", "pk")  # the page shows no duplicate_of
    if is_core_team(user) or consultation.is_open_round:
        return comments
    return comments.filter(author=user)


def sections_with_comments(consultation: Consultation, comments) -> tuple[list, list]:
    """([(section, [comments])...] in the text's order, [comments on the whole text])."""
    by_anchor: dict[str, list] = {}
    for comment in comments:
        by_anchor.setdefault(comment.anchor, []).append(comment)
    sections = [(section, by_anchor.get(section.anchor, [])) for section in consultation.sections]
    return sections, by_anchor.get("", [])


def consultation_overview() -> QuerySet[Consultation]:
    """The core team's list of rounds with their counts, in a fixed number of queries."""
    return (
        Consultation.objects.select_related("publication")
        .annotate(
            comment_count=Count("comments", distinct=True),
            unanswered_count=Count("comments", filter=Q(comments__handling=""), distinct=True),
            invitee_count=Count("invitees", distinct=True),
        )
        .order_by("-opened_at", "-pk")
    )


def consultation_for_processing(pk: int) -> Consultation:
    return (
        Consultation.objects.select_related("publication")
        .prefetch_related(
            "invited_organisations",
            Prefetch("comments", queryset=ConsultationComment.objects.select_related("duplicate_of")),
        )
        .get(pk=pk)
    )


def unanswered_comments() -> QuerySet[ConsultationComment]:
    """Comments in open rounds that still wait for the core team's answer (counted on the dashboard)."""
    return ConsultationComment.objects.filter(consultation__status=ConsultationStatus.OPEN, handling="")


def consultation_figures(*, low=None, high=None) -> dict:
    """For the evaluation: the rounds opened in [low, high) (aware datetimes; None: open), their
    invitees and comments by handling, and both per organisation type of the person. Five grouped
    queries, whatever the number of rounds, invitees or comments."""
    rounds = Consultation.objects.all()
    if low:
        rounds = rounds.filter(opened_at__gte=low)
    if high:
        rounds = rounds.filter(opened_at__lt=high)
    invitees = ConsultationInvitee.objects.filter(consultation__in=rounds).order_by()
    comments = ConsultationComment.objects.filter(consultation__in=rounds).order_by()
    org_type = "profile__organisation__type"
    return {
        "rounds": list(rounds.order_by("opened_at", "pk").values_list("pk", "title", "version", "closes_on")),
        "invitees": _summed(invitees.values("consultation_id").annotate(n=Count("pk")), "consultation_id"),
        "comments": {
            (r["consultation_id"], r["handling"]): r["n"]
            for r in comments.values("consultation_id", "handling").annotate(n=Count("pk"))
        },
        "invitees_by_type": _summed(invitees.values(f"user__{org_type}").annotate(n=Count("pk")), f"user__{org_type}"),
        "comments_by_type": _summed(
            comments.values(f"author__{org_type}", "handling").annotate(n=Count("pk")),
            f"author__{org_type}",
            "handling",
        ),
    }


def _summed(rows, *keys) -> dict:
    """Grouped counts keyed by `keys` (one key: the value; more: a tuple); no organisation counts as ""."""
    out: dict = {}
    for row in rows:
        values = tuple(row[k] or "" for k in keys)
        key = values[0] if len(keys) == 1 else values
        out[key] = out.get(key, 0) + row["n"]
    return out
