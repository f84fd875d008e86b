"""Settings come only from the environment: development defaults and production configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'debug': s.DEBUG, 'secure_cookie': s.SESSION_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS, "
    "'cache': s.CACHES['default']['BACKEND'], 'health_checks': s.DATABASES['default'].get('CONN_HEALTH_CHECKS')}))"
)
PRODUCTION = {
    "DATABASE_URL": "postgres://loket:geheim@db.example:5432/loket",
    "CELERY_BROKER_URL": "redis://redis.example:6379/0",
    "REDIS_URL": "redis://redis.example:6379/1",
    "SECRET_KEY": "t3st-0nly-Kq8vZ2pLm9xRw4bN7cYh1sJd6fGa5eUi0oTy3rEq8wZx2cVb",
    "ALLOWED_HOSTS": "loket.example.nl",
    "EMAIL_HOST": "smtp.example.nl",
}
CLEARED = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_HOST")
CLEARED += ("SITE_URL", "HOST", "PORT", "ALLOW_LOCAL_CACHE")


def run(code_or_args, extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(extra_env, DJANGO_SETTINGS_MODULE="config.settings")
    args = code_or_args if isinstance(code_or_args, list) else [sys.executable, "-c", code_or_args]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_development_defaults_need_only_debug():
    result = run(PROBE, {"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert '"eager": true' in result.stdout
    assert '"debug": true' in result.stdout


# Issue 20.5: with DEBUG off no signing with the key in the repository, whatever else is set.
@pytest.mark.parametrize(
    "extra",
    [
        {},  # nothing set: DEBUG off, SQLite
        {"REDIS_URL": "redis://redis.example:6379/1"},  # no DATABASE_URL, but a shared cache
        {"DEBUG": "false", "ALLOW_LOCAL_CACHE": "true"},
        {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"},
    ],
    ids=["niets", "alleen-redis", "lokale-cache", "productie"],
)
def test_debug_off_without_secret_key_refuses_to_start(extra):
    result = run([sys.executable, "manage.py", "check"], extra)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY ontbreekt" in result.stderr


def test_makemigrations_check_runs_with_nothing_set():
    """`makemigrations --check` only reads the models: it needs no SECRET_KEY, REDIS_URL or DEBUG (CI, a
    newcomer); everything else with DEBUG off still refuses without them (the test above)."""
    result = run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], {})
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    result = run([sys.executable, "manage.py", "migrate", "--plan"], {})
    assert result.returncode != 0 and "SECRET_KEY ontbreekt" in result.stderr


def test_debug_off_without_a_shared_cache_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode != 0
    assert "REDIS_URL ontbreekt" in result.stderr
    # a benchmark on one machine may say explicitly that each process keeps its own cache
    result = run(PROBE, {**env, "ALLOW_LOCAL_CACHE": "true"})
    assert result.returncode == 0, result.stderr
    assert '"cache": "django.core.cache.backends.locmem.LocMemCache"' in result.stdout


def test_production_configuration_from_environment():
    result = run(PROBE, PRODUCTION)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert '"engine": "django.db.backends.postgresql"' in out
    assert '"eager": false' in out
    assert '"secure_cookie": true' in out
    assert '"hsts": 31536000' in out
    assert '"cache": "django_redis.cache.RedisCache"' in out  # django-redis, IGNORE_EXCEPTIONS: down = a miss
    assert '"health_checks": true' in out


def test_missing_secret_key_in_production_names_the_variable():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run(PROBE, env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ontbreekt" in result.stderr


def test_check_deploy_passes_with_production_variables():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


SITE_URL_PROBE = "import django; django.setup(); from django.conf import settings as s; print(s.SITE_URL)"


def test_site_url_follows_host_and_port_of_a_local_run():
    result = run(SITE_URL_PROBE, {"DEBUG": "true", "HOST": "localhost", "PORT": "8101"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://localhost:8101"


def test_site_url_set_explicitly_wins_over_host_and_port():
    extra = {"DEBUG": "true", "PORT": "8101", "SITE_URL": "https://loket.example.nl/"}
    result = run(SITE_URL_PROBE, extra)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://loket.example.nl"


def test_site_url_ignores_port_outside_debug():
    result = run(SITE_URL_PROBE, {**PRODUCTION, "PORT": "8101"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"
