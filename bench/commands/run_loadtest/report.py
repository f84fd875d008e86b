"""The Markdown report of the load test (docs/loadtest.md; a mixin of the command)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from bench import report, runner
from bench.commands.run_loadtest.setup import MAILING_RECIPIENTS
from bench.commands.run_loadtest.users import ROLE_CYCLE, ROLE_LABELS, Tally, percentile_or_none


class ReportMixin:
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
