"""Issue 21: where one page spends its time, in-process, before anything is changed ("profile first").

    python -m bench profile_page PAGE [--database loket_bench_x10] [--user bench-kernteam] [--repeat 20]
                                      [--pyinstrument]

PAGE is a spec of bench.querybudget.page_url: a URL name with an optional query
("experts:directory?q=huisvesting"), or "version", "version_comments", "consultation",
"consultation_manage". The page is requested as the bench's gunicorn workers serve it (DEBUG off, the
same database and cache, logged in with the second step passed), once to warm the cache and the lazy
imports, then `--repeat` times. Printed: the median and best wall and CPU milliseconds per request, the
number of SQL queries and the milliseconds spent in them (from the database driver's side), and the five
slowest queries. CPU milliseconds are the figure to compare while other processes use the machine (wall
time then includes waiting for a core). `--pyinstrument` prints the call tree of `--repeat` more
requests; `--cprofile` the functions with the most cumulative and own time over `--repeat` more
requests (Django's frames too).

Use the seeded bench databases (`--database loket_bench` at 10,000 questions, `loket_bench_x10` at
100,000); a copy for experiments: `createdb -T loket_bench_x10 mycopy`.
"""

import cProfile
import io
import itertools
import os
import pstats
import statistics
import time
import uuid
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pyinstrument import Profiler

from bench import server
from bench.commands.explain_pages import logged_in_client
from bench.htmlforms import form_with
from bench.querybudget import page_url
from bench.scenarios import cleanup_submissions, question_form_fields, reference_ids

FORM = "application/x-www-form-urlencoded"


class Command(BaseCommand):
    help = "Meet één pagina in-process: tijd, CPU-tijd en SQL per verzoek (issue 21: eerst profileren)."

    def add_arguments(self, parser):
        parser.add_argument(
            "page", nargs="?", default="", help="URL-naam met query, of version/version_comments/consultation(_manage)"
        )
        parser.add_argument("--database", default="loket_bench", help="naam van de aparte benchmarkdatabase")
        parser.add_argument("--user", default="bench-kernteam", help="gebruiker ('-' = anoniem)")
        parser.add_argument("--repeat", type=int, default=20, help="aantal gemeten verzoeken")
        parser.add_argument(
            "--pyinstrument", action="store_true", help="ook een aanroepboom (van --repeat verzoeken samen)"
        )
        parser.add_argument(
            "--cprofile", action="store_true", help="ook de functies met de meeste eigen en totale tijd (cProfile)"
        )
        parser.add_argument(
            "--post-question",
            action="store_true",
            help="in plaats van PAGE: een geldige vraag insturen (POST op het vraagformulier, zoals de bench)",
        )

    def handle(
        self, *args, page: str, user: str, repeat: int, pyinstrument: bool, cprofile: bool, post_question: bool, **_
    ):
        if not server.in_bench_process():
            raise CommandError("Start met `python -m bench profile_page`.")
        if post_question:
            client, url = Client(enforce_csrf_checks=True), reverse("questions:ask")
            fields = form_with(client.get(url, HTTP_HOST="127.0.0.1").content, field="submission_key")
            ref, numbers = reference_ids(), itertools.count(1)

            def request():
                n = f"profiel-{next(numbers)}-{time.time_ns()}"
                data = fields.data({**question_form_fields(ref, n), "submission_key": uuid.uuid4().hex})
                response = client.post(url, urlencode(data), content_type=FORM, HTTP_HOST="127.0.0.1")
                if response.status_code not in (302, 303):
                    raise CommandError(f"POST {url}: status {response.status_code}")
        elif not page:
            raise CommandError("Geef een pagina op (PAGE) of --post-question.")
        else:
            client = logged_in_client(None if user == "-" else user)
            url = page_url(page)

            def request():
                response = client.get(url, HTTP_HOST="127.0.0.1")
                if response.status_code != 200:
                    raise CommandError(f"{url}: status {response.status_code}")

        request()
        walls, cpus, sql_ms, counts, slowest = [], [], [], [], []
        for _ in range(max(1, repeat)):
            with CaptureQueriesContext(connection) as queries:
                wall, cpu = time.perf_counter(), time.process_time()
                request()
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            captured = queries.captured_queries
            counts.append(len(captured))
            sql_ms.append(sum(float(q["time"]) for q in captured) * 1000)
            slowest = sorted(captured, key=lambda q: float(q["time"]), reverse=True)[:5]
        if post_question:
            self.stdout.write(f"{cleanup_submissions()} ingestuurde vragen weer verwijderd")
        self.stdout.write(f"{url} ({connection.settings_dict['NAME']}, {repeat} verzoeken)")
        self.stdout.write(
            f"  wand: mediaan {statistics.median(walls):.1f} ms, best {min(walls):.1f} ms; "
            f"CPU van dit proces: mediaan {statistics.median(cpus):.1f} ms, best {min(cpus):.1f} ms"
        )
        self.stdout.write(f"  SQL: {max(counts)} queries, mediaan {statistics.median(sql_ms):.1f} ms per verzoek")
        for query in slowest:
            self.stdout.write(f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:200]}")
        if pyinstrument:
            # the call tree of `--repeat` more requests together: one request holds too few samples
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(max(1, repeat)):
                request()
            profiler.stop()
            self.stdout.write(profiler.output_text(unicode=True, color=False, show_all=False))
        if cprofile:
            # deterministic counts, also of Django's own frames (pyinstrument hides those): which
            # functions the requests spend their time in, and how often they are called
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(max(1, repeat)):
                request()
            profile.disable()
            if os.environ.get("BENCH_PROFILE_DUMP"):
                profile.dump_stats(os.environ["BENCH_PROFILE_DUMP"])
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
            self.stdout.write(out.getvalue())
