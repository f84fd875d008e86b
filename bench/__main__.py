"""`python -m bench run_bench|run_loadtest|seed_bench [options]` (`make bench`, `make loadtest`).

run_bench and run_loadtest first build the bench environment (bench.server: its own database,
production-like settings) *before* Django loads any settings, because the caller's environment may
point DATABASE_URL at PostgreSQL without a SECRET_KEY, which the settings rightly refuse; then they
restart in it. seed_bench fills the database the caller's environment names and refuses a
production configuration. Every command runs with bench.settings (the portal's settings plus the
bench URLs).
"""

import os
import sys
from importlib import import_module

import django

from bench import server, sizes

COMMANDS = (
    "run_bench",
    "run_loadtest",
    "seed_bench",
    "run_mail_intake",
    "run_archive",
    "explain_pages",
    "profile_page",
)
DEFAULT_DATABASE = {
    "run_bench": "loket_bench",
    "run_loadtest": "loket_loadtest",
    "run_mail_intake": "loket_mailbench",
    "run_archive": "loket_archivebench",
    "explain_pages": "loket_bench",
    "profile_page": "loket_bench",
}
USAGE = "gebruik: python -m bench " + "|".join(COMMANDS) + " [opties]  (opties: --help)"


def database_from(args: list[str], default: str) -> str:
    for i, arg in enumerate(args):
        if arg == "--database" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--database="):
            return arg.split("=", 1)[1]
    return default


def wants_help(args: list[str]) -> bool:
    return any(arg in ("-h", "--help") for arg in args)


def chaos_wanted(args: list[str]) -> bool:
    """The load test is a chaos run on PostgreSQL (as in CI), unless --no-chaos."""
    return "--no-chaos" not in args and not wants_help(args) and server.is_postgres(os.environ.get("DATABASE_URL", ""))


def own_redis_environment() -> None:
    """Broker and cache on a redis-server of the load test's own (started by the command, on a free
    loopback port), so it can restart it; the caller's CELERY_BROKER_URL and REDIS_URL are not used."""
    port = server.free_port()
    os.environ[server.REDIS_PORT_ENV] = str(port)
    os.environ["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{port}/0"
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/1"


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in COMMANDS:
        sys.exit(USAGE)
    command, rest = argv[0], argv[1:]
    if command == "run_bench" and sizes.option(rest, "--sizes") and not server.in_bench_process():
        sys.exit(sizes.run_sizes(rest))  # one child run per size, one report
    if command in DEFAULT_DATABASE and not server.in_bench_process():
        database = database_from(rest, DEFAULT_DATABASE[command])
        if command == "run_loadtest" and chaos_wanted(rest):
            own_redis_environment()
        # does not return; for --help only the environment, no database is created
        server.reexec_in_bench_environment(database, [command, *rest], create_database=not wants_help(rest))
    os.environ["DJANGO_SETTINGS_MODULE"] = server.SETTINGS_MODULE
    django.setup()
    # The command modules use the models: they are imported once Django is set up.
    module = import_module(f"bench.commands.{command}")
    module.Command().run_from_argv(["python -m bench", command, *rest])


if __name__ == "__main__":
    main(sys.argv[1:])
