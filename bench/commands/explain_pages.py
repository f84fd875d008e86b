"""Issue 21: the query budget at the bench's size and the EXPLAIN plans of the heavy staff pages.

    python -m bench explain_pages [--database loket_bench] [--scale 1] [--output docs/explain.md]

Its own database as `run_bench` (seeded at `--scale` when empty: 1 = 10,000 questions, 10 = 100,000).
Every page of bench.querybudget.PAGES is requested in-process (the test client, logged in with the
second step passed) with nothing cached; its SQL queries are counted against the budget, which is
the same at every size. For the heavy pages (dashboard, question list, expert search, capacity
picture, signals register) every SELECT is run again under EXPLAIN (ANALYZE, BUFFERS) and the plans
are written into docs/explain.md (PostgreSQL), between its markers: the rest of that file
stays. Exits with an error when a page exceeds its budget."""

import platform
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import runner, server
from bench.querybudget import PAGES, page_url
from questions.models import Question

HEAVY = {
    "vragen: dashboard kernteam",
    "vragen: lijst kernteam",
    "deskundigen: gids",
    "plannen: capaciteit",
    "monitoring: register",
}
CURSOR_RE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(?:OUT)? HOLD FOR ', re.IGNORECASE)


def logged_in_client(username: str | None) -> Client:
    client = Client()
    if username is None:
        return client
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def explain(sql: str, params) -> str:
    statement = CURSOR_RE.sub("", sql)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


BEGIN, END = "<!-- explain_pages: begin -->", "<!-- explain_pages: end -->"


def write_section(path: Path, text: str) -> None:
    """Put `text` between the markers in `path` (replacing what an earlier run wrote there; the rest of
    the file, written by hand, stays), or append it with the markers."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    section = f"{BEGIN}\n{text.rstrip()}\n{END}\n"
    if BEGIN in old and END in old:
        head, _sep, rest = old.partition(BEGIN)
        _old, _sep, tail = rest.partition(END)
        new = head + section + tail.lstrip("\n")
    else:
        new = (old.rstrip() + "\n\n" if old else "") + section
    path.write_text(new, encoding="utf-8")


class Command(BaseCommand):
    help = "Telt de queries per pagina op de bench-omvang en schrijft de EXPLAIN-plannen van de zware pagina's."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="loket_bench", help="naam van de aparte benchmarkdatabase")
        parser.add_argument("--scale", type=float, default=1.0, help="omvang bij het vullen (1 of 10)")
        parser.add_argument("--output", default="docs/explain.md", help="Markdown-uitvoer ('-' = niet schrijven)")

    def handle(self, *args, scale: float, output: str, **options):
        if not server.in_bench_process():
            raise CommandError("Start met `python -m bench explain_pages`.")
        runner.prepare_database(scale=scale, log=self.stdout.write)
        postgres = connection.vendor == "postgresql"
        clients: dict[str | None, Client] = {}
        rows, plans, over = [], [], []
        for label, username, spec, budget in PAGES:
            client = clients.get(username) or clients.setdefault(username, logged_in_client(username))
            url = page_url(spec)
            client.get(url, HTTP_HOST="127.0.0.1")  # the session and the lazy imports, not counted
            cache.clear()  # the worst case, as in tests/perf: nothing cached
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, HTTP_HOST="127.0.0.1")
            count = len(queries.captured_queries)
            ok = response.status_code == 200 and count <= budget
            if not ok:
                over.append(f"{label}: {count} queries (budget {budget}), status {response.status_code}")
            rows.append((label, url, count, budget, response.status_code, ok))
            self.stdout.write(f"{label}: {count}/{budget} queries, status {response.status_code}")
            if postgres and label in HEAVY:
                plans.append((label, url, self.page_plans(client, url)))
        if output != "-":
            write_section(Path(settings.BASE_DIR, output), self.report(rows, plans, postgres))
        if over:
            raise CommandError("Boven het querybudget: " + "; ".join(over))

    @staticmethod
    def page_plans(client: Client, url: str) -> list[tuple[str, str]]:
        """The page again with a warm cache (as in the bench): each SELECT and its plan."""
        with CaptureQueriesContext(connection) as queries:
            client.get(url, HTTP_HOST="127.0.0.1")
        found = []
        for query in queries.captured_queries:
            sql = query["sql"]
            if not CURSOR_RE.sub("", sql).lstrip().upper().startswith("SELECT"):
                continue
            # the logged SQL has its parameters inlined (no placeholders left): EXPLAIN it as logged
            found.append((CURSOR_RE.sub("", sql), explain(sql, None)))
        return found

    @staticmethod
    def report(rows, plans, postgres: bool) -> str:
        lines = [
            "## Querybudget en EXPLAIN-plannen van de zware pagina's (issue 21, `python -m bench explain_pages`)",
            "",
            f"Gemeten met `python -m bench explain_pages` op {timezone.localtime():%Y-%m-%d %H:%M} "
            f"({platform.python_implementation()} {platform.python_version()}, {connection.vendor} "
            f"`{settings.DATABASES['default']['NAME']}`, {Question.objects.count()} vragen).",
            "",
            "### Queries per pagina (niets in de cache)",
            "",
            "Het budget is hetzelfde bij elke omvang (bench/querybudget.py; tests/perf/test_query_counts.py",
            "controleert het bij 10 en 500 rijen, deze opdracht bij de omvang van de bench).",
            "",
            "| pagina | URL | queries | budget | status | binnen budget |",
            "|---|---|---:|---:|---:|---|",
        ]
        for label, url, count, budget, status, ok in rows:
            lines.append(f"| {label} | `{url}` | {count} | {budget} | {status} | {'ja' if ok else 'NEE'} |")
        if not postgres:
            lines += ["", "EXPLAIN-plannen alleen op PostgreSQL.", ""]
            return "\n".join(lines)
        lines += ["", "### EXPLAIN (ANALYZE, BUFFERS), met warme cache zoals in de bench", ""]
        for label, url, found in plans:
            lines += [f"#### {label} (`{url}`)", ""]
            for i, (sql, plan) in enumerate(found, 1):
                lines += [f"{i}. `{sql[:160]}{'…' if len(sql) > 160 else ''}`", "", "```", plan, "```", ""]
        return "\n".join(lines) + "\n"
