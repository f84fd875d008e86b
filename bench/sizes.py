"""`python -m bench run_bench --sizes 1,10`: the benchmark at several data sizes in one run (issue 21).

Each size is a full `run_bench` of its own (its own database: `--database` for size 1, `<database>_x10`
for size 10, ...; seeded at that `--scale` when empty; its own ceiling, measured in the same run as its
pages), run one after the other as child processes; their reports go into one docs/benchmark.md, the
sizes in the order given. Nothing here needs Django: the launcher calls it before any settings load."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench.server import BASE_DIR


def option(args: list[str], name: str, default: str | None = None) -> str | None:
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(f"{name}="):
            return arg.split("=", 1)[1]
    return default


def without(args: list[str], *names: str) -> list[str]:
    """`args` without the options `names` (and their values)."""
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in names:
            skip = True
            continue
        if any(arg.startswith(f"{name}=") for name in names):
            continue
        out.append(arg)
    return out


def parse_sizes(value: str) -> list[float]:
    sizes = [float(part) for part in value.split(",") if part.strip()]
    if not sizes or any(not 0 < s <= 10 for s in sizes):
        raise SystemExit("--sizes: schalen tussen 0 en 10, met komma's (bijv. 1,10)")
    return sizes


def database_for(base: str, size: float) -> str:
    return base if size == 1 else f"{base}_x{size:g}".replace(".", "_")


def size_label(size: float) -> str:
    questions = round(10_000 * size)
    return f"Omvang x{size:g}: {questions:,} vragen".replace(",", ".")


def run_sizes(args: list[str]) -> int:
    """Run every size; write the combined report. Returns the exit code (the first failing child's)."""
    sizes = parse_sizes(option(args, "--sizes", "1"))
    base = option(args, "--database", "loket_bench")
    output = option(args, "--output", "docs/benchmark.md")
    rest = without(args, "--sizes", "--database", "--output", "--scale")
    parts, code, started = [], 0, time.monotonic()
    for size in sizes:
        fragment = BASE_DIR / "var" / f"bench-size-{size:g}.md"
        fragment.parent.mkdir(exist_ok=True)
        fragment.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "bench", "run_bench", "--database", database_for(base, size)]
        cmd += ["--scale", f"{size:g}", "--output", str(fragment), *rest]
        print(f"[bench] {size_label(size)}: {' '.join(cmd[2:])}", file=sys.stderr, flush=True)
        result = subprocess.run(cmd, cwd=BASE_DIR, check=False)  # noqa: S603 - our own interpreter
        code = code or result.returncode
        text = fragment.read_text(encoding="utf-8") if fragment.exists() else "(geen rapport: de run faalde)\n"
        parts.append((size, text))
    if output != "-":
        Path(BASE_DIR, output).write_text(combined(parts, time.monotonic() - started), encoding="utf-8")
        print(f"[bench] rapport van {len(parts)} omvangen geschreven naar {output}", file=sys.stderr)
    return code


def combined(parts: list[tuple[float, str]], seconds: float) -> str:
    sizes = ", ".join(size_label(size) for size, _text in parts)
    lines = [
        "# Benchmark",
        "",
        f"Eén run van `make bench` over {len(parts)} omvangen ({sizes}; {seconds / 60:.0f} min). Elke",
        "omvang heeft een eigen database en een eigen plafond (kale Django-view), gemeten in dezelfde run",
        "als de pagina's; de doelen van issue 21 zijn aandelen van dat plafond.",
        "",
    ]
    for size, text in parts:
        body = text.split("\n", 1)[1] if text.startswith("# Benchmark") else text
        body = "\n".join(f"#{line}" if line.startswith("#") else line for line in body.splitlines())
        lines += [f"## {size_label(size)}", body.strip(), ""]
    return "\n".join(lines) + "\n"
