"""`make loadtest` (issue 8, item 5): a bounded load test against gunicorn on the loopback interface.

    python -m bench run_loadtest [--users 8] [--duration 60] [--database loket_loadtest] [--scale 0.1]

Virtual users (threads, each with its own keep-alive connection and cookies) mix page views,
searches and question submissions (GET the form, POST it with its CSRF token and one-time submission
key, as a browser does).
It fails unless there were zero errors and the number of new questions in the database equals the
number of successful submissions. The last result goes to docs/loadtest.md.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from bench import loadgen, report, runner, scenarios, server


@dataclass
class Action:
    weight: int
    kind: str  # page | search | ask
    path: str


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    submissions_ok: int = 0

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if not ok:
                self.errors[kind] = self.errors.get(kind, 0) + 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{kind}: {detail}")


class VirtualUser:
    """One visitor: a keep-alive connection and a cookie jar, like a browser tab."""

    def __init__(self, host: str, port: int, ref: dict, rng: random.Random, uid: int):
        self.host, self.port, self.ref, self.rng, self.uid = host, port, ref, rng, uid
        self.conn = http.client.HTTPConnection(host, port, timeout=30)
        self.jar: dict[str, str] = {}
        self.sequence = 0

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": server.cookie_header(self.jar)} if self.jar else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            raise
        self.jar.update(server.cookies_from(response.getheaders()))
        return response.status, content

    def submit_question(self, path: str) -> tuple[bool, str]:
        status, content = self.request("GET", path)
        token = server.csrf_token_from(content)
        key = server.submission_key_from(content)
        if status != 200 or not token or not key:
            return False, (
                f"formulier: status {status}, CSRF-token {'gevonden' if token else 'ontbreekt'}, "
                f"verzendsleutel {'gevonden' if key else 'ontbreekt'}"
            )
        self.sequence += 1
        fields = dict(scenarios.question_form_fields(self.ref, f"lt{self.uid}x{self.sequence}x{int(time.time())}"))
        fields["csrfmiddlewaretoken"] = token
        fields["submission_key"] = key  # the form's one-time key, as a browser sends it
        status, content = self.request("POST", path, urlencode(fields, doseq=True).encode())
        if status in (302, 303):
            return True, ""
        return False, f"indienen: status {status}"


def percentile_or_none(values: list[float], p: float) -> float | None:
    return loadgen.percentile(values, p) * 1000 if values else None


class Command(BaseCommand):
    help = "Belastingstest (issue 8, punt 5): gebruikers bekijken, zoeken en stellen vragen; nul fouten vereist."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=8, help="gelijktijdige gebruikers")
        parser.add_argument("--duration", type=float, default=60.0, help="seconden")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
        parser.add_argument("--database", default="loket_loadtest", help="naam van de aparte database")
        parser.add_argument("--scale", type=float, default=0.1, help="volume bij het vullen (1 = issue 9)")
        parser.add_argument("--seed", type=int, default=8, help="startwaarde van de gebruikersmix")
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
        runner.prepare_database(scale=opts["scale"], log=self.log)
        ref = scenarios.reference_ids()
        actions, notes = resolve_mix(), []
        tally = Tally()
        with runner.running_server(workers=opts["workers"], log_name=opts["database"], log=self.log) as srv:
            before = scenarios.question_count()
            ask = [a for a in actions if a.kind == "ask"]
            if ask:  # probe: does the question form accept a valid submission on this branch?
                probe = VirtualUser(srv.host, srv.port, ref, random.Random(0), uid=0)
                ok, detail = probe.submit_question(ask[0].path)
                if ok:
                    tally.submissions_ok += 1
                else:
                    actions = [a for a in actions if a.kind != "ask"]
                    notes.append(f"vragen indienen overgeslagen: proef mislukt ({detail})")
                    self.log(notes[-1])
            t0 = time.monotonic()
            self.run_users(srv, actions, ref, tally, opts)
            elapsed = time.monotonic() - t0
            after = scenarios.question_count()
        new_questions = after - before
        total_errors = sum(tally.errors.values())
        consistent = new_questions == tally.submissions_ok
        text = self.markdown(opts, tally, elapsed, new_questions, notes, consistent)
        self.stdout.write("\n" + text)
        if opts["output"] != "-":
            self.log(f"rapport geschreven naar {runner.write_doc(opts['output'], text)}")
        if total_errors or not consistent:
            raise CommandError(
                f"Belastingstest NIET geslaagd: {total_errors} fouten; {new_questions} nieuwe vragen in de database "
                f"tegen {tally.submissions_ok} geslaagde inzendingen."
            )
        self.stdout.write(self.style.SUCCESS("Belastingstest geslaagd: nul fouten, aantallen kloppen."))

    def run_users(self, srv, actions: list[Action], ref: dict, tally: Tally, opts) -> None:
        stop_at = time.monotonic() + opts["duration"]
        weights = [a.weight for a in actions]

        def user_loop(uid: int) -> None:
            rng = random.Random(opts["seed"] * 1000 + uid)
            user = VirtualUser(srv.host, srv.port, ref, rng, uid)
            while time.monotonic() < stop_at:
                action = rng.choices(actions, weights)[0]
                t0 = time.monotonic()
                try:
                    if action.kind == "ask":
                        ok, detail = user.submit_question(action.path)
                        if ok:
                            with tally.lock:
                                tally.submissions_ok += 1
                    else:
                        path = action.path.replace("{word}", rng.choice(scenarios.LOADTEST_SEARCH_WORDS))
                        status, _content = user.request("GET", path)
                        ok, detail = status == 200, f"{path}: status {status}"
                except (OSError, http.client.HTTPException) as exc:
                    ok, detail = False, f"{action.path}: {type(exc).__name__} {exc}"
                tally.record(action.kind, time.monotonic() - t0, ok, detail)

        threads = [threading.Thread(target=user_loop, args=(uid,), daemon=True) for uid in range(1, opts["users"] + 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def markdown(self, opts, tally: Tally, elapsed: float, new_questions: int, notes: list[str], ok: bool) -> str:
        mach = report.machine()
        vers = report.versions()
        total = sum(len(v) for v in tally.latencies.values())
        errors = sum(tally.errors.values())
        lines = [
            "# Belastingstest",
            "",
            f"Laatste run: {datetime.now(UTC):%Y-%m-%d %H:%M UTC} met `make loadtest` "
            "(`python -m bench run_loadtest`).",
            "",
        ]
        if opts["note"]:
            lines += [f"> {opts['note']}", ""]
        lines += [
            f"- Machine: {mach['nproc']} cores, {mach['cpu']}, {mach['ram']} RAM; {mach['load']} (1/5/15 min)",
            "- Versies: " + ", ".join(f"{k} {v}" if k != "database" else v for k, v in vers.items()),
            "- Opstelling: " + ", ".join(f"{k}: {v}" for k, v in runner.setup_summary(workers=opts["workers"]).items()),
            f"- Belasting: {opts['users']} gelijktijdige gebruikers, {opts['duration']:g} s, alleen 127.0.0.1, "
            "zonder denktijd",
            "",
            "| Soort | verzoeken | per seconde | p50 (ms) | p95 (ms) | fouten |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        labels = {"page": "Pagina bekijken", "search": "Zoeken", "ask": "Vraag indienen (GET + POST)"}
        for kind, values in sorted(tally.latencies.items()):
            lines.append(
                f"| {labels.get(kind, kind)} | {len(values)} | {len(values) / elapsed:.1f} | "
                f"{report.fmt(percentile_or_none(values, 50))} | {report.fmt(percentile_or_none(values, 95))} | "
                f"{tally.errors.get(kind, 0)} |"
            )
        lines += [
            f"| **Totaal** | {total} | {total / elapsed:.1f} | | | {errors} |",
            "",
            f"- Geslaagde inzendingen: {tally.submissions_ok}; nieuwe vragen in de database: {new_questions} "
            f"({'klopt' if ok else '**klopt niet**'}).",
            f"- Fouten: {errors}. Resultaat: {'**geslaagd**' if ok and not errors else '**niet geslaagd**'}.",
        ]
        for note in notes:
            lines.append(f"- Let op: {note}.")
        if tally.error_samples:
            lines += ["", "Voorbeelden van fouten:", ""] + [f"- {s}" for s in tally.error_samples]
        return "\n".join(lines) + "\n"

    def log(self, message: str) -> None:
        self.stderr.write(f"[loadtest] {message}")


def resolve_mix() -> list[Action]:
    actions = []
    for weight, kind, url_name, query in scenarios.LOADTEST_MIX:
        path = reverse(url_name)
        actions.append(Action(weight, kind, f"{path}?{query}" if query else path))
    return actions
