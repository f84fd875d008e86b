"""What `make bench` and `make loadtest` request: the one place to change the pages they measure.

Each scenario names a URL *name* (not a path): a name that does not exist (e.g. after a rename) is
reported as "niet gemeten (URL-naam ontbreekt)" instead of failing the whole run. The question
form's fields for the POST scenario are in `question_form_fields()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from bench.querybudget import page_url
from loket.core.models import Organisation, Province, Theme
from questions.models import Question

BENCH_LOGIN_USER = "bench-kernteam"  # a core-team user made by seed_bench


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str  # Dutch, shown in docs/benchmark.md
    url_name: str
    query: str = ""
    logged_in: bool = False
    method: str = "GET"
    expect: tuple[int, ...] = (200,)
    public: bool = False  # counts for the "public pages >= 20 % of the ceiling" target
    min_rps: float | None = None  # a throughput target of issue 9
    exempt_p95: bool = False  # the p95 < 100 ms target does not apply
    min_share: float | None = None  # issue 21: at least this share of the same run's ceiling
    page: str = ""  # instead of url_name: a page of bench.querybudget.page_url ("version", "consultation", ...)

    def path(self, ref: dict) -> str:
        path = page_url(self.page) if self.page else reverse(self.url_name)
        return f"{path}?{self.query.format(**ref)}" if self.query else path


# ---- Pages of issue 9 ---------------------------------------------------------------------------
SCENARIOS: list[Scenario] = [
    Scenario("ceiling", "Plafond: kale Django-view", "bench_ceiling", exempt_p95=True),
    Scenario("home", "Home (anoniem)", "loket:home", public=True),
    Scenario("publications", "Publicaties (anoniem)", "loket:publications", public=True),
    # URL name and parameter of the search page (/zoeken/?q=).
    Scenario("search", "Zoeken in publicaties (anoniem)", "loket:search", query="q=huisvesting", public=True),
    Scenario("ask_get", "Vraagformulier (GET)", "questions:ask"),
    Scenario("dashboard", "Kernteam-dashboard", "loket:dashboard", logged_in=True, min_share=0.10),
    # URL name of the core-team question list and its filter parameters.
    Scenario("question_list", "Vragenlijst kernteam", "questions:list", logged_in=True, min_rps=120, min_share=0.10),
    Scenario(
        "question_list_filtered",
        "Vragenlijst kernteam, gefilterd",
        "questions:list",
        query="status=nieuw&province={province_id}&ordering=-received_at",
        logged_in=True,
    ),
    Scenario(
        "experts",
        "Deskundigengids, zoeken",
        "experts:directory",
        query="q=huisvesting",
        logged_in=True,
        min_share=0.10,
    ),
    Scenario("capacity", "Capaciteitsbeeld", "plans:capacity", logged_in=True, min_share=0.10),
    Scenario("register", "Signalenregister", "monitoring:register", logged_in=True, min_share=0.10),
    # Issue 21 item 5: the consultation round with every seeded comment (500 at --scale 10) and the newest
    # plan version (200 locations, 100 review comments at --scale 10; bench/seed/consultations.py, reviews.py)
    Scenario(
        "consultation", "Consultatie met alle reacties", "loket:consultation", page="consultation", logged_in=True
    ),
    Scenario(
        "consultation_manage",
        "Consultatie verwerken (kernteam)",
        "loket:consultation_manage",
        page="consultation_manage",
        logged_in=True,
    ),
    Scenario("version", "Planversie met locaties", "plans:version_detail", page="version", logged_in=True),
    Scenario(
        "version_comments",
        "Planversie: reviewopmerkingen",
        "plans:version_comments",
        page="version_comments",
        logged_in=True,
    ),
    # Last of the pages: the submissions it stores (about 2,000) would otherwise be counted in the lists
    # measured after it, which issue 9 asks for at the seeded volume (10,000 questions).
    # POST with a fixed CSRF cookie/token pair; the body comes from question_form_fields() below.
    # A valid submission answers with a redirect (302/303) to the confirmation page.
    Scenario(
        "ask_post",
        "Vraag indienen (POST, CSRF-gecontroleerd)",
        "questions:ask",
        method="POST",
        expect=(302, 303),
        min_rps=190,
        min_share=0.15,
    ),
]
# fmt: on


# ---- The question form ------------------------------------------------------------------------------
def question_form_fields(ref: dict, n: str) -> dict[str, str | list[str]]:
    """The POST body of one valid question. Field names as in questions.forms.

    `ref` holds primary keys of reference data (theme_ids, province_id, organisation_id); `n` is a
    placeholder replaced by a unique number per request (wrk) or per submission (load test), so
    that no two submissions are identical. Multiple values: a list (e.g. several themes).
    """
    return {
        "asker_name": f"Benchmark Vrager {n}",
        "asker_email": f"vrager{n}@bench.loket.example",
        "asker_role": "beleidsadviseur opvang",
        "organisation": str(ref["organisation_id"]),
        "organisation_name": "Gemeente Utrecht",
        "province": str(ref["province_id"]),
        "themes": [str(ref["theme_ids"][0])],
        "subject": f"Telt een satellietlocatie mee voor de opgave? ({n})",
        "body": (
            "Wij werken in Utrecht aan het provinciale plan. Telt een satellietlocatie die pas in het "
            f"derde kwartaal opengaat al mee voor de opgave van dit jaar? Kenmerk benchmark {n}."
        ),
        "consent": "on",
        "website": "",  # the honeypot stays empty, as in a browser
    }


def reference_ids() -> dict:
    """Primary keys of reference data that question_form_fields() needs."""
    return {
        "theme_ids": list(Theme.objects.filter(parent__isnull=False).order_by("code").values_list("pk", flat=True)[:3]),
        "province_id": Province.objects.get(code="PV26").pk,
        "organisation_id": (Organisation.objects.filter(code="PV26").first() or Organisation.objects.first()).pk,
    }


SUBMISSION_EMAIL_DOMAIN = "bench.loket.example"


def cleanup_submissions() -> int:
    """Remove the questions that earlier bench runs submitted, so every run measures the same volume.

    Keep the pattern in line with `asker_email` in question_form_fields().
    """
    deleted, _per_model = Question.objects.filter(
        asker_email__startswith="vrager", asker_email__endswith=f"@{SUBMISSION_EMAIL_DOMAIN}"
    ).delete()
    vacuum_analyze()  # also after a migration rewrote a table: measure what autovacuum would keep
    return deleted


def vacuum_analyze() -> None:
    """What autovacuum does on a live PostgreSQL database between busy periods: dead rows gone, the
    visibility map and the planner statistics up to date (index-only scans for the list counts), so
    every run starts from the same state. SQLite, or inside a transaction (tests): statistics only."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def question_count() -> int:
    """Number of questions in the database (the load test compares it with successful submissions)."""
    return Question.objects.count()


# ---- The load test mix (issue 8 item 5) ----------------------------------------------------------------
# (weight, kind, url name, query). kind: "page" (GET), "search" (GET with a varying query), "ask" (GET
# the form, then POST a valid question with its CSRF token, as a browser does).
LOADTEST_MIX: list[tuple[int, str, str, str]] = [
    (30, "page", "loket:home", ""),
    (15, "page", "loket:publications", ""),
    (10, "page", "questions:ask", ""),
    (5, "page", "plans:prognosis", ""),
    (25, "search", "loket:search", "q={word}"),
    (15, "ask", "questions:ask", ""),
]
LOADTEST_SEARCH_WORDS = [
    "opvang", "capaciteit", "prognose", "verdeelsleutel", "huisvesting", "satellietlocatie",
    "vergunninghouders", "kader", "draagvlak", "financiering", "Utrecht", "Gelderland",
]  # fmt: skip


# ---- Exports (monitoring helper) and the mailing (loket helper): see steps.py ---------------------------
EXPORT_URL_NAMES = {
    "csv": ("monitoring:register_export", {"fmt": "csv"}),
    "xlsx": ("monitoring:register_export", {"fmt": "xlsx"}),
}
# A filter of the register's FilterSet that selects about a third of the 5,000 signals (kind "kans"):
# the export is measured at both sizes to show that its peak memory does not grow with the row count
# (the export reads rows in chunks of monitoring.exports.CHUNK; both sizes exceed one chunk).
EXPORT_SMALL_QUERY = "kind=kans"
