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
"""

from __future__ import annotations

import http.client
import os
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import chaos, htmlforms, loadgen, report, runner, scenarios, seed, server
from loket.core.models import Province
from loket.mailings.models import Mailing, MailingRecipient, RecipientStatus, Subscription
from loket.mailings.services import mailing_send
from plans import services as plan_services
from plans.models import PlanVersion
from plans.workflow import Status as PlanStatus
from questions.models import Question, QuestionMessage

ROLE_CYCLE = ["asker", "asker", "asker", "browser", "prt", "kernteam", "kernteam", "lrt"]
STAFF_USERS = {"prt": ["bench-prt-utrecht"], "kernteam": ["bench-kernteam", "bench-kernteam2"], "lrt": ["bench-lrt"]}
ROLE_LABELS = {
    "asker": "vragensteller (anoniem)",
    "browser": "bezoeker (anoniem)",
    "prt": "PRT-lid (concept bewerken)",
    "kernteam": "kernteam (triage, antwoorden)",
    "lrt": "LRT-secretaris (exports)",
}
QUESTION_ID_RE = re.compile(rb'href="/kernteam/vragen/(\d+)/"')
MAILING_RECIPIENTS = 5000
CHAOS_VISIBILITY_TIMEOUT = "120"  # a task of the killed worker is handed out again after 2 minutes


@dataclass
class Action:
    weight: int
    kind: str  # page | search | ask
    path: str


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, Counter] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    submissions_ok: int = 0
    asker_emails: list[str] = field(default_factory=list)
    conflicts: int = 0  # 409 on a question (a colleague acted first)
    plan_conflicts: int = 0  # 409 on the draft plan's texts (saved by someone else since the page was read)
    refused: int = 0  # 400: e.g. answering a question a colleague just closed (a message, not an error)
    edits: list[tuple[int, str, str]] = field(default_factory=list)  # (version pk, field, text) accepted
    notes: list[tuple[int, str]] = field(default_factory=list)  # (question pk, token) accepted notes
    answers: list[tuple[int, str]] = field(default_factory=list)  # (question pk, token) accepted answers

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "", status: int | None = None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if status is not None:
                self.statuses.setdefault(kind, Counter())[status] += 1
            if not ok:
                self.errors[kind] = self.errors.get(kind, 0) + 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{kind}: {detail}")

    def five_xx(self) -> int:
        return sum(n for counter in self.statuses.values() for status, n in counter.items() if status >= 500)


class VirtualUser:
    """One visitor: a keep-alive connection and a cookie jar, like a browser tab."""

    def __init__(self, host: str, port: int, ref: dict, rng: random.Random, uid: int):
        self.host, self.port, self.ref, self.rng, self.uid = host, port, ref, rng, uid
        self.conn = http.client.HTTPConnection(host, port, timeout=30)
        self.jar: dict[str, str] = {}
        self.sequence = 0
        self.location = ""
        self.statuses: list[int] = []  # every status of the current step (the tally counts them)

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
        self.location = response.getheader("Location", "")
        self.statuses.append(response.status)
        return response.status, content

    def post_form(self, form: htmlforms.Form, path: str, values: dict, button=None) -> tuple[int, bytes]:
        return self.request("POST", form.action or path, urlencode(form.data(values, button)).encode())

    def submit_question(self, path: str) -> tuple[bool, str, str]:
        """GET the form, fill in what a user types over the page's own fields, POST. (ok, detail, email)"""
        status, content = self.request("GET", path)
        form = htmlforms.form_with(content, field="asker_email")
        if status != 200 or form is None:
            return False, f"formulier: status {status}, {'gevonden' if form else 'geen formulier'}", ""
        self.sequence += 1
        values = scenarios.question_form_fields(self.ref, f"lt{self.uid}x{self.sequence}x{int(time.time())}")
        status, _content = self.post_form(form, path, values)
        if status in (302, 303):
            return True, "", str(values["asker_email"])
        return False, f"indienen: status {status}", ""

    def login(self, username: str, password: str, otp_code) -> None:
        """The login pages as a browser fills them: every POST form's fields from the page, the user's
        name and password, and a code when a page asks for one (a field named like otp/token/code)."""
        path = reverse("loket:login")
        status, content = self.request("GET", path)
        for _step in range(4):
            # the page's form with something to fill in (not the header's search or logout button)
            form = next(
                (
                    f
                    for f in htmlforms.forms_in(content)
                    if f.method == "post" and f.names - {"csrfmiddlewaretoken", "next"}
                ),
                None,
            )
            if status != 200 or form is None:
                break
            values = {}
            for name in form.names:
                low = name.lower()
                if low.endswith("username"):
                    values[name] = username
                elif low.endswith("password"):
                    values[name] = password
                elif low != "csrfmiddlewaretoken" and ("otp" in low or low.endswith("token") or low == "code"):
                    values[name] = otp_code()
            status, content = self.post_form(form, path, values)
            for _hop in range(4):
                if status not in (301, 302, 303):
                    break
                path = urlsplit(self.location).path
                status, content = self.request("GET", path)
            if status == 200 and "inloggen" not in path:
                return
        raise RuntimeError(f"inloggen als {username} mislukt (status {status}, {path})")


def percentile_or_none(values: list[float], p: float) -> float | None:
    return loadgen.percentile(values, p) * 1000 if values else None


def otp_code() -> str:
    return seed.bench_totp_code()


class Command(BaseCommand):
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

    # ---- set-up ---------------------------------------------------------------------------------------
    def celery_environment(self, smtp_port: int) -> dict[str, str]:
        env = server.server_environment(os.environ)
        env.update(
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),
                "EMAIL_USE_TLS": "false",
                "EMAIL_TIMEOUT": "10",
                "CELERY_VISIBILITY_TIMEOUT": CHAOS_VISIBILITY_TIMEOUT,
                "LOG_LEVEL": "INFO",
            }
        )
        return env

    def prepare_logins(self) -> None:
        """Every staff user of the run has the bench authenticator, and a code of this 30 s window
        is not refused as already used by an earlier run."""
        names = [name for names in STAFF_USERS.values() for name in names]
        for user in get_user_model().objects.filter(username__in=names):
            seed.bench_totp_device(user)
        TOTPDevice.objects.filter(user__username__in=names).update(last_t=-1)
        connections.close_all()

    def editable_draft(self) -> dict | None:
        """The PRT-lid's draft (concept or in PRT) of their province; started when there is none."""
        editable = (PlanStatus.CONCEPT, PlanStatus.IN_PRT)
        version = (
            PlanVersion.objects.filter(plan__province__code="PV26", status__in=editable)
            .select_related("plan__province")
            .order_by("-number")
            .first()
        )
        if version is None:
            prt = get_user_model().objects.get(username=STAFF_USERS["prt"][0])
            version = plan_services.plan_version_start(province=Province.objects.get(code="PV26"), by=prt)
        return {"pk": version.pk, "path": reverse("plans:version_edit", args=["PV26", version.number])}

    def start_mailing(self) -> int:
        """A mailing to 5,000 confirmed subscribers of general news (topped up when the seed has fewer)."""
        have = Subscription.objects.filter(general_news=True, confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        missing = MAILING_RECIPIENTS - have.count()
        if missing > 0:
            now = timezone.now()
            Subscription.objects.bulk_create(
                [
                    Subscription(
                        email=f"chaos{n:05d}@{scenarios.SUBMISSION_EMAIL_DOMAIN}", general_news=True, confirmed_at=now
                    )
                    for n in range(missing)
                ],
                ignore_conflicts=True,
            )
        subject = f"Chaos-mailing {datetime.now(UTC):%Y-%m-%d %H:%M:%S}"
        mailing = Mailing.objects.create(
            subject=subject, body="De **chaos-mailing** aan alle abonnees.", audience_general=True
        )
        mailing_send(mailing=mailing, by=None)
        total = mailing.recipients.count()
        self.log(f"mailing {mailing.pk} aan {total} ontvangers gestart")
        return mailing.pk

    # ---- the users ------------------------------------------------------------------------------------
    def run_users(self, srv, actions: list[Action], ref: dict, tally: Tally, opts) -> None:
        stop_at = time.monotonic() + opts["duration"]
        browse = [a for a in actions if a.kind != "ask"]
        ask_path = reverse("questions:ask")
        logins = {role: iter(names) for role, names in STAFF_USERS.items()}
        lock = threading.Lock()

        def step(user: VirtualUser, kind: str, do) -> None:
            user.statuses = []
            t0 = time.monotonic()
            try:
                ok, detail = do()
            except (OSError, http.client.HTTPException, RuntimeError) as exc:
                ok, detail = False, f"{type(exc).__name__} {exc}"
            for status in user.statuses:
                if status >= 500:
                    ok, detail = False, f"{detail} (status {status})"
            seconds = time.monotonic() - t0
            with tally.lock:
                for status in user.statuses:
                    tally.statuses.setdefault(kind, Counter())[status] += 1
            tally.record(kind, seconds, ok, detail)

        def user_loop(uid: int) -> None:
            role = ROLE_CYCLE[(uid - 1) % len(ROLE_CYCLE)]
            rng = random.Random(opts["seed"] * 1000 + uid)
            user = VirtualUser(srv.host, srv.port, ref, rng, uid)
            if role in STAFF_USERS:
                with lock:
                    username = next(logins[role], None)
                if username is None or (role == "prt" and not ref.get("draft")):
                    role = "browser"
                else:

                    def log_in(name=username) -> tuple[bool, str]:
                        user.login(name, seed.BENCH_PASSWORD, otp_code)
                        return True, ""

                    step(user, "login", log_in)
            while time.monotonic() < stop_at:
                if role == "asker":
                    step(user, "ask", lambda: self.ask(user, ask_path, tally))
                elif role == "prt":
                    step(user, "prt_edit", lambda: self.prt_edit(user, ref["draft"], tally))
                elif role == "kernteam":
                    step(user, "triage", lambda: self.triage(user, tally))
                elif role == "lrt":
                    step(user, "export", lambda: self.export(user))
                else:
                    action = rng.choices(browse, [a.weight for a in browse])[0]
                    path = action.path.replace("{word}", rng.choice(scenarios.LOADTEST_SEARCH_WORDS))
                    step(user, action.kind, lambda p=path: self.get_ok(user, p))

        threads = [threading.Thread(target=user_loop, args=(uid,), daemon=True) for uid in range(1, opts["users"] + 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def get_ok(self, user: VirtualUser, path: str) -> tuple[bool, str]:
        status, _content = user.request("GET", path)
        return status == 200, f"{path}: status {status}"

    def ask(self, user: VirtualUser, path: str, tally: Tally) -> tuple[bool, str]:
        ok, detail, email = user.submit_question(path)
        if ok:
            with tally.lock:
                tally.submissions_ok += 1
                tally.asker_emails.append(email)
        return ok, detail

    def prt_edit(self, user: VirtualUser, draft: dict, tally: Tally) -> tuple[bool, str]:
        status, content = user.request("GET", draft["path"])
        form = next((f for f in htmlforms.forms_in(content) if f.method == "post" and f.textareas), None)
        if status != 200 or form is None:
            return False, f"{draft['path']}: status {status}, {'formulier' if form else 'geen formulier'}"
        name = user.rng.choice(form.textareas)
        user.sequence += 1
        text = f"Tekst van het PRT, versie {user.uid}-{user.sequence}-{time.time():.3f}: opvang in de regio."
        status, _content = user.post_form(form, draft["path"], {name: text})
        if status in (302, 303):
            with tally.lock:
                tally.edits.append((draft["pk"], name, text))
            return True, ""
        if status == 409:  # a conflict, not an error: the text was not stored over a colleague's
            with tally.lock:
                tally.plan_conflicts += 1
            return True, ""
        return False, f"opslaan: status {status}"

    def triage(self, user: VirtualUser, tally: Tally) -> tuple[bool, str]:
        """Open the newest new questions (both core-team members see the same few), then add a note,
        take the question or answer it, with the version the page showed."""
        status, content = user.request("GET", reverse("questions:list") + "?status=nieuw&ordering=-received_at")
        ids = list(dict.fromkeys(int(i) for i in QUESTION_ID_RE.findall(content)))[:4]
        if status != 200:
            return False, f"vragenlijst: status {status}"
        if not ids:
            return True, ""
        pk = user.rng.choice(ids)
        path = reverse("questions:detail", args=[pk])
        status, content = user.request("GET", path)
        if status != 200:
            return False, f"{path}: status {status}"
        action = user.rng.choices(["note", "answer", "assign_me"], [5, 3, 2])[0]
        form = htmlforms.form_with(content, button=("action", action))
        if form is None:
            return True, ""  # e.g. no answer form on a question a colleague just answered
        user.sequence += 1
        token = f"KT{user.uid}-{user.sequence}-{int(time.time() * 1000)}"
        values = dict.fromkeys(form.textareas, f"Beste vragensteller, ons antwoord {token}. Met vriendelijke groet.")
        values = {k: v for k, v in values.items() if "note" not in k} | {
            k: f"Interne notitie {token}" for k in form.textareas if "note" in k
        }
        button = ("action", action) if ("action", action) in form.buttons else None
        status, _content = user.post_form(form, path, values, button)
        if status in (302, 303):
            with tally.lock:
                if action == "note":
                    tally.notes.append((pk, token))
                elif action == "answer":
                    tally.answers.append((pk, token))
            return True, ""
        if status == 409:
            with tally.lock:
                tally.conflicts += 1
            return True, ""
        if status == 400:
            with tally.lock:
                tally.refused += 1
            return True, ""
        return False, f"{action}: status {status}"

    def export(self, user: VirtualUser) -> tuple[bool, str]:
        for path in (
            reverse("monitoring:register_export", kwargs={"fmt": "csv"}),
            reverse("plans:capacity_export", kwargs={"fmt": "csv"}),
        ):
            status, content = user.request("GET", path)
            if status != 200 or not content:
                return False, f"{path}: status {status}"
        return True, ""

    # ---- afterwards -----------------------------------------------------------------------------------
    def drain_and_check(self, tally: Tally, sink, mailing_id: int, drain: float) -> dict[str, tuple[bool, str]]:
        connections.close_all()
        confirmations = {e.lower() for e in tally.asker_emails}
        answer_tokens = {token for _pk, token in tally.answers}
        mailing = Mailing.objects.get(pk=mailing_id)
        recipients = set(mailing.recipients.values_list("email", flat=True))
        t0 = time.monotonic()
        seen: dict = {}
        while True:
            seen = self.classify(sink, mailing.subject, answer_tokens)
            pending = MailingRecipient.objects.filter(mailing_id=mailing_id, status=RecipientStatus.PENDING).count()
            done = (
                pending == 0
                and confirmations <= set(seen["confirmation"])
                and answer_tokens <= set(seen["answer"])
                and recipients <= set(seen["mailing"])
            )
            if done or time.monotonic() - t0 > drain:
                break
            time.sleep(2)
        self.drain_seconds = time.monotonic() - t0
        connections.close_all()
        results = {}
        for key, expected, label in (
            ("confirmation", confirmations, "bevestigingen aan vragenstellers"),
            ("answer", answer_tokens, "antwoorden"),
            ("mailing", recipients, "mailing"),
        ):
            counts = seen[key]
            missing = len([x for x in expected if counts.get(x, 0) == 0])
            duplicates = sum(n - 1 for x, n in counts.items() if x in expected and n > 1)
            results[f"mail_{key}"] = (
                missing == 0 and duplicates == 0,
                f"{label}: {len(expected)} verwacht, {missing} ontbreken, {duplicates} dubbel",
            )
        failed = MailingRecipient.objects.filter(mailing_id=mailing_id, status=RecipientStatus.FAILED).count()
        results["mailing_failed"] = (failed == 0, f"mailing: {failed} ontvangers mislukt")
        self.mail_total = len(sink.messages)
        return results

    def classify(self, sink, mailing_subject: str, answer_tokens: set[str]) -> dict[str, Counter]:
        """Count the sink's messages: confirmations per asker address, answers per token, the mailing
        per recipient."""
        out = {"confirmation": Counter(), "answer": Counter(), "mailing": Counter()}
        for rcpts, data in list(sink.messages):
            subject, body = chaos.text_of(data)
            if subject == mailing_subject:
                for rcpt in rcpts:
                    out["mailing"][rcpt] += 1
                continue
            token = next((t for t in re.findall(r"KT\d+-\d+-\d+", body) if t in answer_tokens), None)
            if token:
                out["answer"][token] += 1
                continue
            for rcpt in rcpts:
                if rcpt.endswith(f"@{scenarios.SUBMISSION_EMAIL_DOMAIN}") and rcpt.startswith("vrager"):
                    out["confirmation"][rcpt] += 1
        return out

    def check_edits(self, tally: Tally) -> dict[str, tuple[bool, str]]:
        """No lost edit: every accepted note and answer is stored once; the draft's texts are the last
        accepted text per field (a stale save must have been answered 409, never stored over another)."""
        connections.close_all()
        bodies = list(QuestionMessage.objects.filter(body__contains="KT").values_list("body", flat=True))
        found = Counter(t for body in bodies for t in re.findall(r"KT\d+-\d+-\d+", body))
        lost = [t for _pk, t in tally.notes + tally.answers if found.get(t, 0) != 1]
        results = {
            "notes_answers": (
                not lost,
                f"{len(tally.notes)} notities en {len(tally.answers)} antwoorden geaccepteerd, "
                f"{len(lost)} niet (één keer) opgeslagen; {tally.conflicts} conflicten beantwoord met 409, "
                f"{tally.refused} geweigerd (400)",
            )
        }
        if tally.edits:
            version = PlanVersion.objects.get(pk=tally.edits[-1][0])
            last = {}
            for _pk, name, text in tally.edits:
                last[name] = text
            wrong = [name for name, text in last.items() if getattr(version, name, None) != text]
            results["edits"] = (
                not wrong,
                f"{len(tally.edits)} bewerkingen van het concept, {tally.plan_conflicts} conflicten beantwoord "
                f"met 409, {len(wrong)} velden verloren",
            )
        return results

    # ---- report ---------------------------------------------------------------------------------------
    def markdown(self, opts, tally: Tally, elapsed: float, notes: list[str], checks: dict, chaos_run) -> str:
        mach = report.machine()
        vers = report.versions()
        total = sum(len(v) for v in tally.latencies.values())
        errors = sum(tally.errors.values())
        roles = Counter(ROLE_CYCLE[(uid - 1) % len(ROLE_CYCLE)] for uid in range(1, opts["users"] + 1))
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
            f"- Belasting: {opts['users']} gelijktijdige gebruikers ("
            + ", ".join(f"{n} {ROLE_LABELS[r]}" for r, n in roles.items())
            + f"), {opts['duration']:g} s, alleen 127.0.0.1, zonder denktijd",
        ]
        if chaos_run:
            lines.append(
                f"- Chaos: eigen redis-server (broker en cache, append-only), Celery-worker (2 processen) en beat, "
                f"SMTP-sink als mailserver; mailing aan {MAILING_RECIPIENTS} abonnees bij de start"
            )
            for at, what in chaos_run.timeline():
                lines.append(f"  - {at:6.1f} s: {what}")
            lines.append(
                f"- Na de belasting: gewacht op de mail: {getattr(self, 'drain_seconds', 0):.0f} s "
                f"(hoogstens {opts['drain']:g} s gewacht); {getattr(self, 'mail_total', 0)} berichten bij de mailserver"
            )
        lines += [
            "",
            "| Soort | verzoeken | per seconde | p50 (ms) | p95 (ms) | statussen | fouten |",
            "|---|---:|---:|---:|---:|---|---:|",
        ]
        labels = {
            "page": "Pagina bekijken",
            "search": "Zoeken",
            "ask": "Vraag indienen (GET + POST)",
            "prt_edit": "PRT: concept bewerken (GET + POST)",
            "triage": "Kernteam: lijst, vraag, actie",
            "export": "LRT: exports (CSV)",
            "login": "Inloggen (wachtwoord + code)",
        }
        for kind, values in sorted(tally.latencies.items()):
            statuses = ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses.get(kind, Counter()).items()))
            lines.append(
                f"| {labels.get(kind, kind)} | {len(values)} | {len(values) / elapsed:.1f} | "
                f"{report.fmt(percentile_or_none(values, 50))} | {report.fmt(percentile_or_none(values, 95))} | "
                f"{statuses} | {tally.errors.get(kind, 0)} |"
            )
        lines += [f"| **Totaal** | {total} | {total / elapsed:.1f} | | | | {errors} |", "", "Controles:", ""]
        for key, (ok, detail) in checks.items():
            lines.append(f"- {'geslaagd' if ok else '**NIET geslaagd**'} ({key}): {detail}")
        passed = all(ok for ok, _detail in checks.values())
        lines += ["", f"Resultaat: {'**geslaagd**' if passed else '**niet geslaagd**'}."]
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
