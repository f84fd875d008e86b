"""Machine facts, the targets of issue 9, and the Markdown of docs/benchmark.md."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django
import gunicorn
from django.db import connection

from bench.loadgen import Result
from bench.scenarios import Scenario
from bench.steps import StepResult

P95_LIMIT_MS = 100.0
PUBLIC_SHARE_OF_CEILING = 0.20


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    ram = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1_048_576:.1f} GiB"
                break
    except OSError:
        pass
    try:
        load = "load average " + " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = ""
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram, "os": platform.platform(), "load": load}


def versions() -> dict[str, str]:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
            db = f"PostgreSQL {cur.fetchone()[0]}"
        else:
            cur.execute("SELECT sqlite_version()")
            db = f"SQLite {cur.fetchone()[0]}"
    result = {
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": db,
        "gunicorn": gunicorn.__version__,
    }
    if shutil.which("wrk"):
        proc = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
        first = ((proc.stdout + proc.stderr).strip().splitlines() or ["wrk"])[0]
        result["wrk"] = first.split(" [")[0].removeprefix("wrk ")
    return result


@dataclass
class Row:
    scenario: Scenario
    path: str
    result: Result | None
    skipped: str = ""


def evaluate(rows: list[Row], steps: list[StepResult]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for every target of issue 9; met None = not measured."""
    measured = {row.scenario.key: row for row in rows if row.result is not None}
    ceiling = measured.get("ceiling")
    targets: list[tuple[str, str, bool | None]] = []

    pages = [row for row in rows if not row.scenario.exempt_p95]
    slow = [r for r in pages if r.result and r.result.p95_ms is not None and r.result.p95_ms >= P95_LIMIT_MS]
    missing = [r for r in pages if r.result is None]
    worst = max((r.result.p95_ms for r in pages if r.result and r.result.p95_ms is not None), default=None)
    text = f"hoogste p95 {worst:.1f} ms" if worst is not None else "-"
    if slow:
        text += "; te traag: " + ", ".join(r.scenario.label for r in slow)
    if missing:
        text += f"; {len(missing)} niet gemeten"
    met = False if slow else (None if missing else True)
    targets.append(("Elke pagina p95 < 100 ms bij 4 verbindingen", text, met))

    for row in rows:
        if row.scenario.min_rps is None:
            continue
        name = f"{row.scenario.label} ≥ {row.scenario.min_rps:.0f} req/s"
        if row.result is None:
            targets.append((name, row.skipped or "niet gemeten", None))
        else:
            ok = row.result.rps >= row.scenario.min_rps and row.result.errors == 0
            targets.append((name, f"{row.result.rps:.0f} req/s, {row.result.errors} fouten", ok))

    for row in rows:
        if not row.scenario.public:
            continue
        name = f"{row.scenario.label} ≥ 20 % van het plafond"
        if row.result is None or ceiling is None or not ceiling.result or not ceiling.result.rps:
            targets.append((name, row.skipped or "niet gemeten", None))
        else:
            share = row.result.rps / ceiling.result.rps
            targets.append((name, f"{share:.0%} ({row.result.rps:.0f} / {ceiling.result.rps:.0f})", share >= 0.2))

    for row in rows:
        if row.scenario.min_share is None:
            continue
        name = f"{row.scenario.label} ≥ {row.scenario.min_share:.0%} van het plafond (issue 21)"
        if row.result is None or ceiling is None or not ceiling.result or not ceiling.result.rps:
            targets.append((name, row.skipped or "niet gemeten", None))
        else:
            share = row.result.rps / ceiling.result.rps
            ok = share >= row.scenario.min_share and row.result.errors == 0
            targets.append((name, f"{share:.1%} ({row.result.rps:.0f} / {ceiling.result.rps:.0f})", ok))

    for step in steps:
        if step.skipped:
            targets.append((f"{step.label} {step.target}", step.skipped, None))
        else:
            value = f"{step.seconds:.2f} s" if step.seconds is not None else "-"
            if step.peak_mb is not None:
                value += f", piekgeheugen {step.peak_mb:.1f} MB"
            targets.append((f"{step.label} {step.target}", value, step.ok))
    return targets


def mark(ok: bool | None) -> str:
    return {True: "gehaald", False: "**niet gehaald**", None: "niet gemeten"}[ok]


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def markdown(
    *,
    rows: list[Row],
    steps: list[StepResult],
    settings: dict[str, str],
    note: str,
    seed_seconds: float | None,
    total_seconds: float | None,
) -> str:
    mach = machine()
    vers = versions()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark",
        "",
        f"Gemeten op {now} met `make bench` (`python -m bench run_bench`).",
        "",
    ]
    if note:
        lines += [f"> {note}", ""]
    lines += [
        "## Machine en versies",
        "",
        f"- Machine: {mach['nproc']} cores (nproc), {mach['cpu']}, {mach['ram']} RAM; {mach['os']}",
        f"- Belasting van de machine bij het schrijven van dit rapport (1/5/15 min): {mach['load']}",
        "- Versies: " + ", ".join(f"{k} {v}" if k != "database" else v for k, v in vers.items()),
        "- Opstelling: " + ", ".join(f"{k}: {v}" for k, v in settings.items()),
        "",
        "## Pagina's",
        "",
        "| Scenario | URL | req/s | p50 (ms) | p95 (ms) | p99 (ms) | fouten | statuscodes |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        r = row.result
        if r is None:
            lines.append(f"| {row.scenario.label} | {row.path or '-'} | - | - | - | - | - | {row.skipped} |")
            continue
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(r.statuses.items())) or "-"
        lines.append(
            f"| {row.scenario.label} | `{row.scenario.method} {row.path}` | {r.rps:.0f} | {fmt(r.p50_ms)} | "
            f"{fmt(r.p95_ms)} | {fmt(r.p99_ms)} | {r.errors} | {codes} |"
        )
    lines += [
        "",
        "## Exports en mailing",
        "",
        "| Stap | tijd (s) | piekgeheugen (MB) | details |",
        "|---|---:|---:|---|",
    ]
    for step in steps:
        detail = step.skipped or step.detail
        lines.append(f"| {step.label} | {fmt(step.seconds, 2)} | {fmt(step.peak_mb)} | {detail} |")
    lines += ["", "## Doelen van issue 9", "", "| Doel | Gemeten | Resultaat |", "|---|---|---|"]
    for name, value, ok in evaluate(rows, steps):
        lines.append(f"| {name} | {value} | {mark(ok)} |")
    lines += [""]
    if seed_seconds is not None or total_seconds is not None:
        lines += [
            f"Vullen van de database: {fmt(seed_seconds)} s; hele run: {fmt(total_seconds, 0)} s.",
            "",
        ]
    return "\n".join(lines)
