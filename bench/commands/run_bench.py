"""`make bench`: the benchmark of issue 9 against gunicorn on a separate, seeded database.

    python -m bench run_bench [--connections 4] [--warmup 2] [--duration 10] [--only home,ceiling]
                              [--tool auto|wrk|python] [--database loket_bench] [--output docs/benchmark.md]

The launcher (bench/__main__.py) restarts in the bench environment (see bench/server.py); the
command prepares the database (migrate, seed when empty, collectstatic), starts gunicorn, logs in
through the real login form, measures every scenario of bench/scenarios.py, runs the steps of
bench/steps.py (exports, mailing) and writes a Markdown report.
"""

import os
import time
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.urls import reverse

from bench import loadgen, report, runner, scenarios, seed, server, steps

NOT_IN_BENCH_PROCESS = (
    "Start de benchmark met `python -m bench run_bench` (of `make bench`): die zet eerst de eigen "
    "database en de productie-achtige omgeving klaar."
)


def positive_float(value: str) -> float:
    number = float(value)
    if number < 0:
        raise ValueError("must not be negative")
    return number


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def key_list(value: str, known=None) -> list[str]:
    keys = [k.strip() for k in value.split(",") if k.strip()]
    known = {s.key for s in scenarios.SCENARIOS} if known is None else known
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValueError(f"unknown scenario(s): {', '.join(unknown)}")
    return keys


class Command(BaseCommand):
    help = "Meet de snelheid van de hoofdpagina's op realistisch volume (issue 9) en schrijft docs/benchmark.md."

    def add_arguments(self, parser):
        parser.add_argument("--connections", type=positive_int, default=4)
        parser.add_argument("--warmup", type=positive_float, default=2.0, help="seconden opwarmen per scenario")
        parser.add_argument("--duration", type=positive_float, default=10.0, help="seconden meten per scenario")
        parser.add_argument("--workers", type=positive_int, default=2, help="gunicorn sync workers")
        parser.add_argument("--only", type=key_list, default=None, help="alleen deze scenario's (komma's)")
        parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
        parser.add_argument("--database", default="loket_bench", help="naam van de aparte benchmarkdatabase")
        parser.add_argument("--scale", type=float, default=1.0, help="volume bij het vullen (1 = issue 9)")
        parser.add_argument(
            "--sizes", default=None, help="meerdere omvangen in één run, bijv. 1,10 (bench/sizes.py; issue 21)"
        )
        parser.add_argument("--no-steps", action="store_true", help="exports en mailing overslaan")
        parser.add_argument(
            "--steps",
            type=lambda value: key_list(value, steps.STEPS),
            default=None,
            help=f"alleen deze stappen (komma's: {', '.join(steps.STEPS)})",
        )
        parser.add_argument("--output", default="docs/benchmark.md", help="Markdown-uitvoer ('-' = niet schrijven)")
        parser.add_argument("--note", default="", help="opmerking bovenaan het rapport")

    def handle(self, *args, **opts):
        if not server.in_bench_process():
            raise CommandError(NOT_IN_BENCH_PROCESS)
        started = time.monotonic()
        use_wrk = {"auto": loadgen.wrk_available(), "wrk": True, "python": False}[opts["tool"]]
        if use_wrk and not loadgen.wrk_available():
            raise CommandError("wrk is niet geïnstalleerd (apt-get install wrk) en --tool wrk is gevraagd.")
        seed_seconds = runner.prepare_database(scale=opts["scale"], log=self.log)
        ref = scenarios.reference_ids()
        self.cleanup()
        chosen = [s for s in scenarios.SCENARIOS if not opts["only"] or s.key in opts["only"]]
        rows: list[report.Row] = []
        step_results: list[steps.StepResult] = []
        with runner.running_server(workers=opts["workers"], log_name=opts["database"], log=self.log) as srv:
            session = server.login(
                srv, reverse("loket:login"), scenarios.BENCH_LOGIN_USER, seed.BENCH_PASSWORD, otp_code=self.otp_code
            )
            for scenario in chosen:
                rows.append(self.measure(srv, scenario, session, ref, use_wrk, opts))
            if not opts["no_steps"]:
                ctx = steps.StepContext(log=self.log, env=os.environ.copy())
                for key, step in steps.STEPS.items():
                    if opts["steps"] and key not in opts["steps"]:
                        continue
                    result = step(ctx)
                    self.log(f"{result.label}: {result.skipped or f'{result.seconds:.2f} s, {result.detail}'}")
                    step_results.append(result)
        self.cleanup()
        text = report.markdown(
            rows=rows,
            steps=step_results,
            settings=runner.setup_summary(
                workers=opts["workers"],
                extra={
                    "belasting": f"{'wrk' if use_wrk else 'Python-generator'}, {opts['connections']} verbindingen, "
                    f"{opts['warmup']:g} s opwarmen, {opts['duration']:g} s meten per scenario",
                },
            ),
            note=opts["note"],
            seed_seconds=seed_seconds,
            total_seconds=time.monotonic() - started,
        )
        self.stdout.write("\n" + text)
        if opts["output"] != "-":
            path = runner.write_doc(opts["output"], text)
            self.log(f"rapport geschreven naar {path}")

    def log(self, message: str) -> None:
        self.stderr.write(f"[bench] {message}")

    @staticmethod
    def otp_code() -> str:
        seed.bench_totp_device(get_user_model().objects.get(username=scenarios.BENCH_LOGIN_USER))
        connections.close_all()
        return seed.bench_totp_code()

    def cleanup(self) -> None:
        deleted = scenarios.cleanup_submissions()
        connections.close_all()
        if deleted:
            self.log(f"{deleted} rijen van eerder ingediende benchmarkvragen verwijderd")

    def measure(self, srv, scenario, session, ref, use_wrk, opts) -> report.Row:
        path = scenario.path(ref)
        target = build_target(scenario, path, session, ref)
        # One probe request first: a page that does not answer as expected is reported, not measured.
        probe_body = None
        if target.body:
            now = int(time.time())
            key = loadgen.unique_key(0, 0, now)  # a fresh one-time key, as the load generator sends
            probe_body = target.body.replace("__N__", f"probe{now}").replace(loadgen.KEY_PLACEHOLDER, key).encode()
        headers = dict(target.headers)
        if probe_body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, _headers, _content = server.request(srv, target.method, path, body=probe_body, headers=headers)
        if status not in target.expect:
            note = f"niet gemeten: proefverzoek gaf status {status} (verwacht {'/'.join(map(str, target.expect))})"
            self.log(f"{scenario.label}: {note}")
            return report.Row(scenario, path, None, skipped=note)
        result = loadgen.measure(
            srv.base_url,
            srv.host,
            srv.port,
            target,
            connections=opts["connections"],
            warmup=opts["warmup"],
            duration=opts["duration"],
            use_wrk=use_wrk,
        )
        self.log(
            f"{scenario.label}: {result.rps:.0f} req/s, p50 {report.fmt(result.p50_ms)} ms, "
            f"p95 {report.fmt(result.p95_ms)} ms, {result.errors} fouten"
        )
        return report.Row(scenario, path, result)


def build_target(scenario, path: str, session: dict[str, str], ref: dict) -> loadgen.Target:
    headers = {}
    if scenario.logged_in:
        headers["Cookie"] = server.cookie_header(session)
    body = ""
    if scenario.method == "POST":
        cookie, token = server.fixed_csrf_pair()
        fields = dict(scenarios.question_form_fields(ref, "__N__"))
        fields["csrfmiddlewaretoken"] = token
        # A fresh one-time submission key per request (loadgen fills in __KEY__), as a browser gets
        # one with every form it loads: without it the form creates nothing (loket.core.submission).
        fields["submission_key"] = loadgen.KEY_PLACEHOLDER
        body = urlencode(fields, doseq=True)
        jar = dict(session) if scenario.logged_in else {}
        jar["csrftoken"] = cookie
        headers["Cookie"] = server.cookie_header(jar)
    return loadgen.Target(path=path, method=scenario.method, headers=headers, body=body, expect=scenario.expect)
