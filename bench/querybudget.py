"""The query budget of every list and dashboard page: the most SQL queries it may run, whatever the
volume (issue 9 item 3, issue 21 item 1). Checked at two small sizes by tests/perf/test_query_counts.py
and at the bench's sizes (10,000 and 100,000 questions) by `python -m bench explain_pages`."""

from django.urls import reverse

from loket.publications.consultations.models import Consultation
from loket.publications.consultations.workflow import ConsultationStatus
from plans.models import PlanVersion

# (label, user, url or callable returning the url, maximum number of queries at both sizes, measured with
# nothing cached: a warm cache (reference lists, filter forms) saves up to five of them)
PAGES = [
    # the counts, both tables and their themes, the other apps' counts in one statement (issues 15, 16: lessons,
    # consultation comments, support requests) + the data version of those (cold); issue 21: 17 before
    ("vragen: dashboard kernteam", "bench-kernteam", "loket:dashboard", 15),
    ("vragen: lijst kernteam", "bench-kernteam", "questions:list", 12),
    ("vragen: lijst gefilterd", "bench-kernteam", "questions:list?status=nieuw&ordering=-received_at", 12),
    ("vragen: mijn vragen", "bench-prt-utrecht", "questions:mine", 8),
    ("deskundigen: gids", "bench-kernteam", "experts:directory?q=huisvesting", 13),  # + the data version (cold)
    ("deskundigen: kernteam", "bench-kernteam", "experts:core", 11),
    ("plannen: overzicht", "bench-kernteam", "plans:index", 5),
    # 14: the plan against the opgave (round, province figure, planned sums) beside the locations; issue 16
    # adds four: open review comments, realisations, subtotals per region and the region filter's choices
    ("plannen: versie", "bench-kernteam", "version", 18),
    ("plannen: capaciteit", "bench-kernteam", "plans:capacity", 14),  # + realised capacity, region choices, the map
    # 12: with the map of the current quarter (plans.maps: the capacity picture of one quarter)
    ("plannen: prognose", "bench-kernteam", "plans:prognosis", 13),  # + the reference date label (issue 16)
    ("monitoring: register", "bench-kernteam", "monitoring:register", 11),
    ("monitoring: register gesorteerd", "bench-kernteam", "monitoring:register?kind=kans&sort=-score", 11),
    ("monitoring: matrix", "bench-kernteam", "monitoring:matrix", 12),
    ("monitoring: overleggen", "bench-kernteam", "monitoring:meeting_list", 4),
    (
        "monitoring: planmonitoring",
        "bench-kernteam",
        "monitoring:plan_monitoring",
        11,
    ),  # + comments, support, realisation
    # 21: the questions of the period once (streamed, with their working days), their themes, and one
    # or two grouped queries per other section (issue 17): support requests (2), consultations (5);
    # the provinces are read once for all sections
    ("monitoring: evaluatie", "bench-kernteam", "monitoring:evaluation", 21),
    ("loket: publicaties", None, "loket:publications", 5),
    ("loket: zoeken (anoniem)", None, "loket:search?q=opvang", 2),
    # + plan locations, + consultation rounds (issue 15)
    ("loket: zoeken (kernteam)", "bench-kernteam", "loket:search?q=opvang", 10),
    ("loket: mailings", "bench-kernteam", "loket:mailings", 5),
    ("loket: toegankelijkheidsverklaring", None, "loket:accessibility", 2),
    # issue 21 item 1: the pages of issues 15 and 16 with their volume (bench/seed/consultations.py, reviews.py)
    ("plannen: versie, opmerkingen", "bench-kernteam", "version_comments", 9),
    ("plannen: ondersteuning", "bench-kernteam", "plans:support", 5),
    ("consultatie: genodigde", "bench-prt-utrecht", "consultation", 10),
    ("consultatie: verwerken", "bench-kernteam", "consultation_manage", 10),
    ("consultaties: kernteam", "bench-kernteam", "loket:consultations_manage", 8),
    ("lessen: kernteam", "bench-kernteam", "loket:lessons_manage", 8),
    ("lessen: mijn lessen", "bench-prt-utrecht", "loket:lessons_mine", 7),
]


def measured_consultation() -> Consultation:
    """The open round the bench measures (bench/seed/consultations.py puts every comment on it)."""
    return (
        Consultation.objects.filter(status=ConsultationStatus.OPEN)
        .select_related("publication")
        .order_by("-opened_at", "-pk")
        .first()
    )


def page_url(spec: str) -> str:
    """The path of a PAGES entry: a URL name with an optional query, "version" or "version_comments" (the
    newest plan version, its page or its review comments), "consultation" or "consultation_manage" (the
    open round of the bench, as an invitee sees it or as the core team handles it)."""
    if spec in ("version", "version_comments"):
        version = PlanVersion.objects.select_related("plan__province").order_by("-number", "pk").first()
        return reverse(
            "plans:version_detail" if spec == "version" else "plans:version_comments",
            kwargs={"province_code": version.plan.province.code, "number": version.number},
        )
    if spec == "consultation":
        return reverse("loket:consultation", kwargs={"slug": measured_consultation().publication.slug})
    if spec == "consultation_manage":
        return reverse("loket:consultation_manage", kwargs={"pk": measured_consultation().pk})
    name, _sep, query = spec.partition("?")
    return reverse(name) + (f"?{query}" if query else "")
