"""`make loadtest` (issue 8 item 5, issue 20 item 9): a bounded load test with chaos on the loopback interface.

    python -m bench run_loadtest [--users 8] [--duration 300] [--database loket_loadtest] [--no-chaos]

Eight users of all roles (threads, each with its own keep-alive connection and cookies): anonymous
askers submitting questions, an anonymous visitor reading and searching, a PRT-lid editing the
texts of the province's draft plan version, two core-team members triaging and answering the same
new questions (so they collide: a stale version is answered 409), and the LRT secretary exporting.
Every form is read from the rendered page (hidden fields such as the CSRF token, a one-time
submission key or a version), the login too (password page, then a second factor when asked).

With PostgreSQL (the default in CI) the run is a chaos run (bench/chaos.py): gunicorn, a redis-server
of its own on a free port (broker and cache), a real Celery worker and beat, the SMTP sink as the
mail server, and a mailing to 5,000 subscribers started at the beginning. The worker is killed once
and restarted, Redis is restarted once, the SMTP server is down for 30 s. Afterwards the run waits
until the mail is out (at most --drain seconds) and checks: no 5xx at any moment, every accepted
submission stored, every confirmation, answer and mailing mail delivered exactly once, every
accepted edit and note stored (conflicts answered 409, never overwritten). The result goes to
docs/loadtest.md; the command fails when a check fails.

The command is a package with named parts: users (virtual users, their tally), setup (before the
load), journeys (what each role does), checks (afterwards) and report (docs/loadtest.md).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from bench import chaos, runner, scenarios, server
from bench.commands.run_loadtest.checks import ChecksMixin
from bench.commands.run_loadtest.journeys import JourneysMixin
from bench.commands.run_loadtest.report import ReportMixin
from bench.commands.run_loadtest.setup import MAILING_RECIPIENTS, SetupMixin
from bench.commands.run_loadtest.users import (
    Action,
    Tally,
    VirtualUser,
    otp_code,
    percentile_or_none,
    resolve_mix,
)
from questions.models import Question

__all__ = [
    "MAILING_RECIPIENTS",
    "Action",
    "Command",
    "Tally",
    "VirtualUser",
    "otp_code",
    "percentile_or_none",
    "resolve_mix",
]


class Command(SetupMixin, JourneysMixin, ChecksMixin, ReportMixin, BaseCommand):
    help = "Belastingstest met chaos (issue 20, punt 9): alle rollen, worker, Redis en mailserver vallen weg."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=8, help="gelijktijdige gebruikers (rollen om de beurt)")
        parser.add_argument("--duration", type=float, default=300.0, help="seconden belasting")
        parser.add_argument("--drain", type=float, default=420.0, help="hoogstens zoveel seconden wachten op de mail")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
        parser.add_argument("--database", default="loket_loadtest", help="naam van de aparte database")
        parser.add_argument("--scale", type=float, default=0.1, help="volume bij het vullen (1 = issue 9)")
        parser.add_argument("--seed", type=int, default=8, help="startwaarde van de gebruikersmix")
        parser.add_argument("--no-chaos", action="store_true", help="zonder worker, Redis-herstart en mailserver")
        parser.add_argument("--output", default="docs/loadtest.md", help="Markdown-uitvoer ('-' = niet schrijven)")
        parser.add_argument("--note", default="", help="opmerking bovenaan het rapport")

    def handle(self, *args, **opts):
        if opts["users"] < 1 or opts["duration"] <= 0:
            raise CommandError("--users moet minstens 1 zijn en --duration groter dan 0.")
        if not server.in_bench_process():
            raise CommandError(
                "Start de belastingstest met `python -m bench run_loadtest` (of `make loadtest`): die zet eerst "
                "de eigen database en de productie-achtige omgeving klaar."
            )
        redis_port = int(os.environ.get(server.REDIS_PORT_ENV) or 0)
        with_chaos = bool(redis_port) and not opts["no_chaos"]
        var = server.BASE_DIR / "var" / f"{opts['database']}-chaos"
        own_redis = chaos.OwnRedis(redis_port, var / "redis") if with_chaos else None
        notes: list[str] = []
        if not with_chaos:
            notes.append("zonder chaos (geen PostgreSQL of --no-chaos): geen worker, Redis-herstart of mailserver")
        if own_redis:
            own_redis.start()
            self.log(f"eigen redis-server op 127.0.0.1:{redis_port} (broker en cache)")
        try:
            self.run(opts, own_redis, var, notes)
        finally:
            if own_redis:
                own_redis.stop()

    def run(self, opts, own_redis, var: Path, notes: list[str]) -> None:
        runner.prepare_database(scale=opts["scale"], log=self.log)
        ref = scenarios.reference_ids()
        ref["draft"] = self.editable_draft()
        self.prepare_logins()
        actions = resolve_mix()
        tally = Tally()
        sink = worker = beat = chaos_run = None
        mailing_id = None
        checks: dict[str, tuple[bool, str]] = {}
        if own_redis:
            sink = chaos.SmtpSink()
            sink.start()
            env = self.celery_environment(sink.port)
            var.mkdir(parents=True, exist_ok=True)
            for old in var.glob("*.log"):
                old.unlink()
            worker = chaos.CeleryProcess(
                ["worker", "--concurrency", "2", "--loglevel", "INFO", "-n", "chaos@%h"], env, var / "worker.log"
            )
            beat = chaos.CeleryProcess(
                ["beat", "--loglevel", "INFO", "-s", str(var / "beat-schedule")], env, var / "beat.log"
            )
            worker.start()
            beat.start()
            os.environ.update({k: env[k] for k in ("CELERY_VISIBILITY_TIMEOUT",)})
        before = scenarios.question_count()
        with runner.running_server(workers=opts["workers"], log_name=opts["database"], log=self.log) as srv:
            try:
                if own_redis:
                    mailing_id = self.start_mailing()
                    chaos_run = chaos.Chaos(opts["duration"], own_redis, worker, sink)
                    chaos_run.start()
                t0 = time.monotonic()
                self.run_users(srv, actions, ref, tally, opts)
                elapsed = time.monotonic() - t0
                if chaos_run:
                    chaos_run.join()
                    checks.update(self.drain_and_check(tally, sink, mailing_id, opts["drain"]))
            finally:
                for process in (worker, beat):
                    if process:
                        process.stop()
                if sink:
                    sink.stop()
        connections.close_all()
        after = scenarios.question_count()
        new_questions = after - before
        stored = set(Question.objects.filter(asker_email__in=tally.asker_emails).values_list("asker_email", flat=True))
        missing = [e for e in tally.asker_emails if e not in stored]
        checks["no_5xx"] = (tally.five_xx() == 0, f"{tally.five_xx()} antwoorden 5xx")
        checks["no_errors"] = (
            not tally.errors,
            f"{sum(tally.errors.values())} fouten (verbinding of onverwachte status)",
        )
        checks["stored"] = (
            not missing and new_questions == tally.submissions_ok,
            f"{tally.submissions_ok} geaccepteerde inzendingen, {new_questions} nieuwe vragen, "
            f"{len(missing)} ontbreken",
        )
        checks.update(self.check_edits(tally))
        text = self.markdown(opts, tally, elapsed, notes, checks, chaos_run)
        self.stdout.write("\n" + text)
        if opts["output"] != "-":
            self.log(f"rapport geschreven naar {runner.write_doc(opts['output'], text)}")
        failed = [f"{key}: {detail}" for key, (ok, detail) in checks.items() if not ok]
        if failed:
            raise CommandError("Belastingstest NIET geslaagd: " + "; ".join(failed))
        self.stdout.write(self.style.SUCCESS("Belastingstest geslaagd: alle controles kloppen."))

    def log(self, message: str) -> None:
        self.stderr.write(f"[loadtest] {message}")
