"""Pluggable timed steps of the benchmark that are not page loads: exports, the mailing, the archive
export and the e-mail channel.

A step is a callable `step(ctx: StepContext) -> StepResult`; `STEPS` names them, in order. A step that
cannot run here (no broker for the mailing) returns a result with `skipped` set to a clear Dutch note
instead of failing the benchmark.
"""

from __future__ import annotations

import email
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps

from bench.scenarios import BENCH_LOGIN_USER, EXPORT_SMALL_QUERY, EXPORT_URL_NAMES
from bench.server import BASE_DIR
from config.celery import WORKER_FLAGS, app
from loket.mailings.models import Mailing
from loket.mailings.services import mailing_send


@dataclass
class StepResult:
    key: str
    label: str
    seconds: float | None = None
    peak_mb: float | None = None
    rows: int | None = None
    detail: str = ""
    skipped: str = ""
    ok: bool | None = None  # target met?
    target: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class StepContext:
    log: Callable[[str], None]
    env: dict[str, str]


# ---- exports ----------------------------------------------------------------------------------------
# Runs in a fresh interpreter so that tracemalloc and ru_maxrss see only the export.
EXPORT_PROBE = r"""
import json, resource, sys, time, tracemalloc
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

url_name, username, query, kwargs = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
trace = sys.argv[5] == "1"  # tracemalloc slows Python several times: time and memory are separate runs
url = reverse(url_name, kwargs=kwargs or None) + (f"?{query}" if query else "")
client = Client(HTTP_HOST="127.0.0.1")
user = get_user_model().objects.get(username=username)
client.force_login(user)
from django_otp import DEVICE_ID_SESSION_KEY  # the core team logs in with a second factor
from django_otp.plugins.otp_totp.models import TOTPDevice
session = client.session
session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.filter(user=user, confirmed=True).first().persistent_id
session.save()
client.get("/")  # warm up: URL resolver, templates, database connection
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if trace:
    tracemalloc.start()
t0 = time.perf_counter()
response = client.get(url)
size = 0
lines = 0
if getattr(response, "streaming", False):
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
else:
    size = len(response.content)
    lines = response.content.count(b"\n")
seconds = time.perf_counter() - t0
_current, peak = tracemalloc.get_traced_memory() if trace else (0, None)
if trace:
    tracemalloc.stop()
print(json.dumps({
    "status": response.status_code, "seconds": seconds, "peak_bytes": peak, "bytes": size, "lines": lines,
    "content_type": response.get("Content-Type", ""), "streaming": bool(getattr(response, "streaming", False)),
    "rss_growth_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before,
}))
"""


def run_export_probe(ctx: StepContext, url: tuple[str, dict], query: str = "", *, trace: bool = False) -> dict:
    """One export in a fresh interpreter: its time (trace=False) or its peak memory (trace=True)."""
    url_name, kwargs = url
    cmd = [sys.executable, "-c", EXPORT_PROBE, url_name, BENCH_LOGIN_USER, query, json.dumps(kwargs)]
    return _json_probe(ctx, [*cmd, "1" if trace else "0"], PROBE_TIMEOUT)


PROBE_TIMEOUT = 300


def export_seconds_target(signals: int) -> int:
    """Issue 9: 5,000 signals in under 3 s; issue 21: 50,000 (the second size) in under 10 s."""
    return 3 if signals <= 5_000 else 10


def export_step(kind: str) -> Callable[[StepContext], StepResult]:
    def step(ctx: StepContext) -> StepResult:
        signals = apps.get_model("monitoring", "Signal").objects.count()
        limit = export_seconds_target(signals)
        result = StepResult(
            key=f"export_{kind}",
            label=f"Export {kind.upper()} van {signals:,} signalen".replace(",", "."),
            target=f"< {limit} s, geheugen groeit niet mee",
        )
        data = run_export_probe(ctx, EXPORT_URL_NAMES[kind])
        if "error" in data:
            result.skipped = f"export mislukt: {data['error']}"
            return result
        result.seconds = data["seconds"]
        traced = run_export_probe(ctx, EXPORT_URL_NAMES[kind], trace=True)
        # A failed (e.g. timed-out) memory probe is reported as such, never as a peak of 0 MB.
        result.peak_mb = traced["peak_bytes"] / 1_048_576 if traced.get("peak_bytes") is not None else None
        result.rows = max(0, data["lines"] - 1) if kind == "csv" else None
        result.detail = (
            f"status {data['status']}, {data['bytes'] / 1024:.0f} kB, "
            f"{'streaming' if data['streaming'] else 'in één keer'}, RSS +{data['rss_growth_kb'] / 1024:.1f} MB"
        )
        result.ok = data["status"] == 200 and data["seconds"] < limit and result.peak_mb is not None
        if result.peak_mb is None:
            result.detail += f"; piekgeheugen niet gemeten ({traced.get('error', 'geen meting')})"
        if EXPORT_SMALL_QUERY:  # the same export for about a tenth of the rows: does memory grow with rows?
            small = run_export_probe(ctx, EXPORT_URL_NAMES[kind], EXPORT_SMALL_QUERY, trace=True)
            if "peak_bytes" in small:
                small_mb = small["peak_bytes"] / 1_048_576
                result.detail += (
                    f"; piek bij `?{EXPORT_SMALL_QUERY}` ({small['bytes'] / 1024:.0f} kB): {small_mb:.1f} MB"
                )
                result.ok = result.ok and result.peak_mb is not None and result.peak_mb <= 2 * small_mb + 1
        else:
            result.detail += "; geheugengroei niet vergeleken (EXPORT_SMALL_QUERY leeg)"
        return result

    return step


# ---- the mailing through a real Celery worker ---------------------------------------------------------
MAILING_RECIPIENTS = 5_000
MAILING_SECONDS = 30  # issue 21 item 7 (issue 9: 60)
# Prefork processes of the bench's Celery worker. Each recipient is its own transaction (lock, send,
# mark sent, commit: exactly once even when a worker dies), so a process mostly waits on PostgreSQL's
# commit; 4 processes keep the 2 cores busy. Production: `celery worker --concurrency 4` likewise.
WORKER_CONCURRENCY = 4


def start_mailing(recipients: int) -> object:
    """Create a mailing to `recipients` subscribers and start sending it; return its id.

    The audience is "abonnees algemeen nieuws" (seed_bench confirms 5,000 of them); loket.mailings
    snapshots the recipients and queues the sending on commit, as the "versturen" button does.
    """
    mailing = Mailing.objects.create(
        subject=f"Benchmark-nieuwsbrief aan {recipients} abonnees",
        body="Dit is de **benchmark-mailing** aan alle abonnees van algemeen nieuws.",
        audience_general=True,
    )
    mailing_send(mailing=mailing, by=None)  # snapshot + send_mailing.delay on commit
    return mailing.pk


def mailing_progress(mailing_id: object) -> tuple[int, int, int]:
    """(sent, pending, failed) recipient rows of the mailing."""
    recipient = apps.get_model("loket", "MailingRecipient")
    rows = recipient.objects.filter(mailing_id=mailing_id)
    return (
        rows.filter(status="verzonden").count(),
        rows.filter(status="wachtend").count(),
        rows.filter(status="mislukt").count(),
    )


def count_mail_files(directory: Path) -> tuple[int, dict[str, int]]:
    """Messages written by the file-based mail backend, and how often each recipient occurs."""
    per_recipient: dict[str, int] = {}
    messages = 0
    if not directory.exists():
        return 0, per_recipient
    for path in directory.iterdir():
        raw = path.read_bytes()
        for part in raw.split(b"\n" + b"-" * 79 + b"\n"):
            if not part.strip():
                continue
            msg = email.message_from_bytes(part)
            messages += 1
            for address in (msg.get("To") or "").split(","):
                if address.strip():
                    per_recipient[address.strip()] = per_recipient.get(address.strip(), 0) + 1
    return messages, per_recipient


def mailing_step(ctx: StepContext) -> StepResult:
    result = StepResult(
        key="mailing", label="Mailing aan 5.000 ontvangers (Celery-worker op Redis)", target="< 30 s, ieder één keer"
    )
    if not ctx.env.get("CELERY_BROKER_URL"):
        result.skipped = "niet gemeten: CELERY_BROKER_URL is niet gezet (geen Redis-broker)"
        return result
    # The page phase ran without a worker: tasks it queued (e.g. confirmations of the submitted
    # questions) would be sent first and distort the timing. This is the bench database: drop them.
    purged = app.control.purge()
    if purged:
        ctx.log(f"{purged} wachtende taken uit de paginafase verwijderd vóór de mailing")
    mail_dir = Path(ctx.env["EMAIL_FILE_PATH"])
    before_messages, before_per_recipient = count_mail_files(mail_dir)
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            *WORKER_FLAGS,
            "--concurrency",
            str(WORKER_CONCURRENCY),
            "--loglevel",
            "WARNING",
        ],
        cwd=BASE_DIR,
        env=ctx.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        t0 = time.monotonic()
        mailing_id = start_mailing(MAILING_RECIPIENTS)
        sent = pending = failed = 0
        while time.monotonic() - t0 < 180:
            sent, pending, failed = mailing_progress(mailing_id)
            if pending == 0 and sent + failed > 0:
                break
            time.sleep(0.5)
        result.seconds = time.monotonic() - t0
        messages, per_recipient = count_mail_files(mail_dir)
        # Only this run's mails count (the directory keeps earlier runs and the question confirmations).
        duplicates = sum(1 for addr, n in per_recipient.items() if n - before_per_recipient.get(addr, 0) > 1)
        result.rows = sent
        result.detail = f"verzonden {sent}, wachtend {pending}, mislukt {failed}, dubbel {duplicates}"
        result.extra = {"messages": messages - before_messages}
        result.ok = result.seconds < MAILING_SECONDS and failed == 0 and pending == 0 and duplicates == 0
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    return result


# ---- the archive export (issue 17; issue 21 item 3) -----------------------------------------------------
# In a fresh interpreter, without tracemalloc (which slows Python several times): the wall time of the
# export and the peak resident memory of the whole process (Django and the driver included).
ARCHIVE_PROBE = r"""
import json, shutil, sys, tempfile, time
from pathlib import Path
import django
django.setup()
from bench.memory import peak_rss_mb
from loket.portal.archive.verify import verify_archive
from loket.portal.archive.writer import export_archive
folder = Path(tempfile.mkdtemp(prefix="archief-bench-"))
try:
    t0 = time.perf_counter()
    result = export_archive(folder / "archief", anonymise=False)
    seconds = time.perf_counter() - t0
    rss_mb = peak_rss_mb()
    t0 = time.perf_counter()
    problems = verify_archive(folder / "archief")
    verify_seconds = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in (folder / "archief").rglob("*") if p.is_file())
finally:
    shutil.rmtree(folder, ignore_errors=True)
print(json.dumps({
    "seconds": seconds, "rss_mb": rss_mb, "verify_seconds": verify_seconds, "problems": problems[:3],
    "records": sum(e["count"] for e in result["entities"].values()), "size_mb": size / 1_048_576,
}))
"""
ARCHIVE_SECONDS = 300  # issue 21 item 3: under 5 minutes ...
ARCHIVE_RSS_MB = 300  # ... with a peak under 300 MB
ARCHIVE_TIMEOUT = 1800


def archive_step(ctx: StepContext) -> StepResult:
    result = StepResult(
        key="archive",
        label="Archiefexport van het hele portaal (BagIt)",
        target=f"< {ARCHIVE_SECONDS // 60} min, piek RSS < {ARCHIVE_RSS_MB} MB, pakket geldig",
    )
    data = _json_probe(ctx, [sys.executable, "-c", ARCHIVE_PROBE], ARCHIVE_TIMEOUT)
    if "error" in data:
        result.skipped = f"archiefexport mislukt: {data['error']}"
        return result
    result.seconds, result.peak_mb, result.rows = data["seconds"], data["rss_mb"], data["records"]
    valid = not data["problems"]
    records = f"{data['records']:,}".replace(",", ".")
    result.detail = (
        f"{records} records, pakket {data['size_mb']:.0f} MB, piek = RSS van het hele proces; "
        f"BagIt {'geldig' if valid else 'ONGELDIG: ' + '; '.join(data['problems'])} "
        f"(controle {data['verify_seconds']:.0f} s, niet in de tijd)"
    )
    result.ok = valid and data["seconds"] < ARCHIVE_SECONDS and data["rss_mb"] < ARCHIVE_RSS_MB
    return result


# ---- the e-mail channel (issue 14; issue 21 item 4) -------------------------------------------------------
MAIL_INTAKE_MESSAGES = 1_000
MAIL_INTAKE_SECONDS = 60
MAIL_INTAKE_TIMEOUT = 900


def mail_intake_step(ctx: StepContext) -> StepResult:
    """`python -m bench run_mail_intake` on this size's database, against its own Dovecot: 1,000
    messages in one run of `questions.fetch_mail`, each exactly once. Its questions are removed after."""
    result = StepResult(
        key="mail_intake",
        label=f"E-mailkanaal: {MAIL_INTAKE_MESSAGES:,} berichten in één run (eigen Dovecot)".replace(",", "."),
        target=f"< {MAIL_INTAKE_SECONDS} s, ieder bericht één keer",
    )
    cmd = [sys.executable, "-m", "bench", "run_mail_intake", "--no-report", "--json", "--cleanup"]
    cmd += ["--messages", str(MAIL_INTAKE_MESSAGES)]
    data = _json_probe(ctx, cmd, MAIL_INTAKE_TIMEOUT)
    if "error" in data:
        result.skipped = f"niet gemeten: {data['error']}"
        return result
    result.seconds, result.rows = data["run_s"], data["created"]
    result.peak_mb = data["rss_mb"]
    result.detail = (
        f"{data['created']} vragen, over in de inbox {data['left']}, tweede run {data['again']} nieuw; "
        f"{data['per_message_ms']:.1f} ms per bericht; piek = RSS van het proces"
    )
    result.ok = data["ok"] and data["run_s"] < MAIL_INTAKE_SECONDS
    return result


def _json_probe(ctx: StepContext, cmd: list[str], timeout: int) -> dict:
    """Run `cmd` in the bench environment; its last output line is a JSON object."""
    try:
        proc = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            cmd, cwd=BASE_DIR, env=ctx.env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"geen antwoord binnen {timeout} s"}
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": (proc.stderr.strip() or proc.stdout.strip())[-300:] or f"code {proc.returncode}"}


STEPS: dict[str, Callable[[StepContext], StepResult]] = {  # key (run_bench --steps) -> step, in order
    "export_csv": export_step("csv"),
    "export_xlsx": export_step("xlsx"),
    "mailing": mailing_step,
    "archive": archive_step,
    "mail_intake": mail_intake_step,
}
