"""The archive export under volume (issue 17): 100,000 questions in flat memory.

    python -m bench run_archive [--questions 100000] [--no-report] [--database NAME] [--once]

`--once` on a seeded bench database (`--database loket_bench_x10`, issue 21 item 3): one export of the
whole portal as it is (all apps at ten times the volume), topped up with questions only if it has fewer.

Its own database (var/archivebench.sqlite3, or loket_archivebench on DATABASE_URL's server). Fills
it with questions (each with a theme, an answer and its history) up to the asked number, then
exports the whole portal twice, at a tenth of the volume and at the full volume, and measures the
time and the peak of Python memory (tracemalloc) of each export. Flat memory: the peak at the full
volume stays near the peak at a tenth (records stream with iterator(chunk_size)). Writes the figures
into docs/archive-bench.md."""

import platform
import resource
import shutil
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from loket.core.models import Theme
from loket.portal.archive.verify import verify_archive
from loket.portal.archive.writer import export_archive
from questions.builders import Message, NewQuestion, build_questions
from questions.models import MessageKind, Question
from questions.workflow import Status

REPORT = Path(settings.BASE_DIR) / "docs" / "archive-bench.md"
DOMAIN = "bench-archief.example"


def fill(total: int) -> None:
    themes = list(Theme.objects.filter(parent__isnull=False)[:20])
    start = timezone.now() - timedelta(days=400)
    have = Question.objects.count()
    batch = 5000
    while have < total:
        n = min(batch, total - have)
        items = []
        for i in range(have, have + n):
            at = start + timedelta(minutes=5 * i)
            q = Question(
                asker_name=f"Vrager {i}",
                asker_email=f"vrager{i}@{DOMAIN}",
                subject=f"Vraag {i} over tijdelijke opvang",
                body="Hoe tellen tijdelijke locaties mee in het provinciale plan? " * 3,
                status=Status.ANSWERED,
                received_at=at,
                answered_at=at + timedelta(days=2),
            )
            message = Message(kind=MessageKind.ANSWER, body="Ja, die tellen mee. " * 5, at=at + timedelta(days=2))
            items.append(NewQuestion(q, themes=[themes[i % len(themes)]], messages=[message]))
        build_questions(items)
        have += n


def measure(label: str, *, trace: bool = True) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="archief-bench-"))
    try:
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        result = export_archive(folder / "archief", anonymise=False)
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory() if trace else (0, None)
        if trace:
            tracemalloc.stop()
        problems = verify_archive(folder / "archief")
        size = sum(p.stat().st_size for p in (folder / "archief").rglob("*") if p.is_file())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "label": label,
        "questions": result["entities"]["questions.Question"]["count"],
        "records": sum(e["count"] for e in result["entities"].values()),
        "seconds": seconds,
        "peak_mb": peak / 1024 / 1024 if peak is not None else None,
        "size_mb": size / 1024 / 1024,
        "valid": not problems,
        # the whole process's peak resident memory so far (Linux: kB), Django and the database driver included
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


class Command(BaseCommand):
    help = "Meet de archiefexport bij 10% en 100% van het aantal vragen (tijd en piekgeheugen)."

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, default=100_000)
        parser.add_argument("--database", default="loket_archivebench", help="naam van de aparte database")
        parser.add_argument("--no-report", action="store_true", help="docs/archive-bench.md niet bijwerken")
        parser.add_argument(
            "--once",
            action="store_true",
            help="één export van de database zoals ze is (bijv. de benchmarkdatabase van --scale 10, issue 21)",
        )
        parser.add_argument(
            "--no-tracemalloc",
            action="store_true",
            help="zonder tracemalloc (dat maakt Python enkele keren trager): alleen tijd en piek-RSS van het proces",
        )

    def handle(self, *args, questions: int, no_report: bool, once: bool, no_tracemalloc: bool, **options):
        call_command("migrate", verbosity=0)
        Question.objects.filter(asker_email__endswith=f"@{DOMAIN}").delete()
        runs = []
        for total in (questions,) if once else (questions // 10, questions):
            self.stdout.write(f"vullen tot {total} vragen ...")
            fill(total)
            runs.append(measure(f"{total} vragen", trace=not no_tracemalloc))
            self.stdout.write(str(runs[-1]))
        lines = [
            "# Archiefexport onder volume",
            "",
            f"`python -m bench run_archive --questions {questions}` op {timezone.localdate():%d-%m-%Y}, "
            f"{connection.vendor}, Python {platform.python_version()}, {platform.machine()}.",
            (
                "Piekgeheugen: tracemalloc tijdens de export (alleen Python-objecten); de tijd is inclusief "
                "tracemalloc."
                if not no_tracemalloc
                else "Zonder tracemalloc (`--no-tracemalloc`): de tijd zonder meetvertraging; piekgeheugen: "
                "de piek-RSS van het proces."
            ),
            "",
            "| volume | records | tijd (s) | piekgeheugen (MB) | piek RSS proces (MB) | pakket (MB) | BagIt geldig |",
            "|---|---|---|---|---|---|---|",
            *[
                f"| {r['label']} | {r['records']} | {r['seconds']:.1f} | "
                f"{'-' if r['peak_mb'] is None else format(r['peak_mb'], '.1f')} | {r['rss_mb']:.0f} | "
                f"{r['size_mb']:.0f} | "
                f"{'ja' if r['valid'] else 'nee'} |"
                for r in runs
            ],
            "",
        ]
        if not no_report:
            REPORT.write_text("\n".join(lines), encoding="utf-8")
        self.stdout.write("\n".join(lines))
