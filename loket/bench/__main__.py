"""Launcher used by the Makefile: `python -m loket.bench run_bench|run_loadtest [options]`.

It builds the bench environment *before* Django loads its settings (the caller's environment may
point DATABASE_URL at PostgreSQL without a SECRET_KEY, which the settings rightly refuse) and then
runs `manage.py <command>` in it.
"""

import sys

from loket.bench.runner import reexec_in_bench_environment

DEFAULT_DATABASE = {"run_bench": "loket_bench", "run_loadtest": "loket_loadtest"}


def database_from(args: list[str], default: str) -> str:
    for i, arg in enumerate(args):
        if arg == "--database" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--database="):
            return arg.split("=", 1)[1]
    return default


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in DEFAULT_DATABASE:
        sys.exit("gebruik: python -m loket.bench run_bench|run_loadtest [opties]")
    command, rest = argv[0], argv[1:]
    reexec_in_bench_environment(database_from(rest, DEFAULT_DATABASE[command]), [command, *rest])


if __name__ == "__main__":
    main(sys.argv[1:])
