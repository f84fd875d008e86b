"""The bench and load-test commands' arguments, environment, CSRF pair, report and mail counting."""

import random
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import NoReverseMatch, reverse

import bench.settings
import config.settings
from bench import report, scenarios, server, steps
from bench.__main__ import database_from
from bench.commands import profile_page, run_bench, run_loadtest, seed_bench
from bench.loadgen import Result
from bench.seed.users import bench_totp_code, bench_totp_device
from questions.models import Question
from tests.conftest import PASSWORD


def bench_args(*argv):
    return run_bench.Command().create_parser("python -m bench", "run_bench").parse_args(list(argv))


def loadtest_args(*argv):
    return run_loadtest.Command().create_parser("python -m bench", "run_loadtest").parse_args(list(argv))


def test_run_bench_defaults_follow_issue_9():
    opts = bench_args()
    assert (opts.connections, opts.warmup, opts.duration, opts.workers) == (4, 2.0, 10.0, 2)
    assert opts.database == "loket_bench"
    assert opts.output == "docs/benchmark.md"
    assert opts.only is None
    assert opts.tool == "auto"


def test_run_bench_arguments():
    opts = bench_args("--only", "home, ceiling", "--duration", "3", "--tool", "python", "--output", "-")
    assert opts.only == ["home", "ceiling"]
    assert opts.duration == 3.0
    assert opts.tool == "python"
    assert opts.output == "-"
    assert opts.steps is None  # every step
    assert bench_args("--steps", "mailing, archive").steps == ["mailing", "archive"]


@pytest.mark.parametrize(
    "argv",
    [
        ("--only", "home,bestaatniet"),
        ("--steps", "mailing,bestaatniet"),
        ("--connections", "0"),
        ("--duration", "-1"),
        ("--tool", "ab"),
    ],
)
def test_run_bench_refuses_bad_arguments(argv):
    with pytest.raises(CommandError):
        bench_args(*argv)


def test_run_loadtest_defaults_follow_issue_8():
    opts = loadtest_args()
    assert (opts.users, opts.duration, opts.workers) == (8, 300.0, 2)  # issue 20.9: 5 minutes
    assert opts.database == "loket_loadtest"
    assert opts.output == "docs/loadtest.md"


def test_run_loadtest_arguments():
    opts = loadtest_args("--users", "3", "--duration", "5", "--scale", "0.05")
    assert (opts.users, opts.duration, opts.scale) == (3, 5.0, 0.05)


def test_scenario_keys_are_unique_and_cover_the_pages_of_issue_9():
    keys = [s.key for s in scenarios.SCENARIOS]
    assert len(keys) == len(set(keys))
    assert {"ceiling", "home", "publications", "search", "ask_get", "ask_post", "dashboard", "question_list",
            "question_list_filtered", "experts", "capacity", "register", "consultation", "consultation_manage",
            "version", "version_comments"} <= set(keys)  # fmt: skip


def test_bench_environment_is_production_like_on_its_own_database():
    env = server.bench_environment({"PATH": "/bin"}, database="loket_bench")
    assert env["DEBUG"] == "false"
    assert env["SECRET_KEY"]
    assert env["SECURE_SSL_REDIRECT"] == env["SESSION_COOKIE_SECURE"] == env["CSRF_COOKIE_SECURE"] == "false"
    assert env["DJANGO_SETTINGS_MODULE"] == "bench.settings"
    assert env["CELERY_TASK_ALWAYS_EAGER"] == "true"
    assert env["DATABASE_URL"].endswith("/var/bench.sqlite3")


def test_bench_environment_on_postgresql_with_a_broker():
    source = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/loket",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    env = server.bench_environment(source, database="loket_bench")
    assert env["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5432/loket_bench"
    assert env["CELERY_TASK_ALWAYS_EAGER"] == "false"
    assert env["REDIS_URL"] == "redis://127.0.0.1:6379/1"


def test_ceiling_view_exists_only_for_the_bench_server():
    with pytest.raises(NoReverseMatch):
        reverse("bench_ceiling")
    assert reverse("bench_ceiling", urlconf="bench.urls") == "/bench/plafond/"


def test_the_bench_settings_are_the_portals_with_the_bench_urls(db, client, settings):
    differing = {
        name
        for name in dir(config.settings)
        if name.isupper() and getattr(bench.settings, name) != getattr(config.settings, name)
    }
    assert differing == {"ROOT_URLCONF"}
    assert bench.settings.ROOT_URLCONF == "bench.urls"
    assert client.get("/bench/plafond/").status_code == 404  # the portal has no ceiling
    settings.ROOT_URLCONF = "bench.urls"
    response = client.get("/bench/plafond/")
    assert (response.status_code, response.content) == (200, b"ok")
    assert client.get(reverse("loket:home")).status_code == 200  # and every page of the portal


def test_the_server_and_its_workers_run_with_the_bench_settings():
    env = server.server_environment({"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/bin"})
    assert env == {"DJANGO_SETTINGS_MODULE": "bench.settings", "PATH": "/bin"}
    assert "config.wsgi:application" in server.gunicorn_command(port=8123, workers=2)


@pytest.mark.parametrize("command", [run_bench.Command, run_loadtest.Command])
def test_run_commands_start_only_through_the_launcher(command, monkeypatch):
    monkeypatch.delenv(server.CHILD_MARKER, raising=False)
    with pytest.raises(CommandError, match="python -m bench run_"):
        call_command(command())


@pytest.mark.parametrize(("command", "option"), [("run_bench", "--connections"), ("seed_bench", "--scale")])
def test_launcher_runs_each_command_with_the_bench_settings(command, option, tmp_path):
    """`python -m bench <command> --help` through the real launcher: the restart in the bench
    environment (run_bench), Django set up with bench.settings, the command's own options."""
    result = subprocess.run(
        [sys.executable, "-m", "bench", command, "--help"],
        cwd=server.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"python -m bench {command}" in result.stdout and option in result.stdout


def test_launcher_without_a_known_command_shows_its_usage():
    result = subprocess.run(
        [sys.executable, "-m", "bench", "bestaatniet"], cwd=server.BASE_DIR, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "gebruik: python -m bench run_bench|run_loadtest|seed_bench" in result.stderr


def test_fixed_csrf_pair_passes_djangos_csrf_check(db):
    cookie, token = server.fixed_csrf_pair()
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = cookie
    accepted = client.post(reverse("loket:login"), {"csrfmiddlewaretoken": token, "username": "x", "password": "y"})
    assert accepted.status_code == 200  # the form answered (wrong password), the CSRF check passed
    refused = client.post(reverse("loket:login"), {"csrfmiddlewaretoken": "X" * 32, "username": "x", "password": "y"})
    assert refused.status_code == 403


def test_csrf_token_and_cookies_are_read_from_a_real_page(db, client):
    response = client.get(reverse("loket:login"))
    assert server.csrf_token_from(response.content)
    headers = [("Set-Cookie", "csrftoken=abc; Path=/; SameSite=Lax"), ("Set-Cookie", "sessionid=def; HttpOnly")]
    assert server.cookies_from(headers) == {"csrftoken": "abc", "sessionid": "def"}
    assert server.cookie_header({"csrftoken": "abc", "sessionid": "def"}) == "csrftoken=abc; sessionid=def"


def test_question_form_fields_fill_in_the_unique_number(db):
    fields = scenarios.question_form_fields(scenarios.reference_ids(), "__N__")
    assert any("__N__" in str(value) for value in fields.values())


def test_loadtest_mix_resolves_every_page():
    actions = run_loadtest.resolve_mix()
    assert len(actions) == len(scenarios.LOADTEST_MIX)
    assert all(a.path.startswith("/") for a in actions)


def _row(key, rps, p95, errors=0):
    scenario = next(s for s in scenarios.SCENARIOS if s.key == key)
    return report.Row(
        scenario, "/", Result(requests=int(rps * 10), seconds=10, p50_ms=p95 / 2, p95_ms=p95, errors=errors)
    )


def test_report_evaluates_the_targets():
    rows = [
        _row("ceiling", 2000, 3),
        _row("home", 500, 40),  # 25 % of the ceiling: met
        _row("publications", 300, 60),  # 15 %: not met
        _row("question_list", 130, 90),
        _row("ask_post", 150, 120),  # too slow and too few
    ]
    targets = {name: ok for name, _value, ok in report.evaluate(rows, [])}
    assert targets["Elke pagina p95 < 100 ms bij 4 verbindingen"] is False
    assert targets["Home (anoniem) ≥ 20 % van het plafond"] is True
    assert targets["Publicaties (anoniem) ≥ 20 % van het plafond"] is False
    assert targets["Vragenlijst kernteam ≥ 120 req/s"] is True
    assert targets["Vraag indienen (POST, CSRF-gecontroleerd) ≥ 190 req/s"] is False


def test_report_marks_unmeasured_targets(db):
    scenario = next(s for s in scenarios.SCENARIOS if s.key == "question_list")
    rows = [_row("ceiling", 2000, 3), report.Row(scenario, "", None, skipped="niet gemeten: ontbreekt")]
    skipped = steps.StepResult(key="mailing", label="Mailing", skipped="niet gemeten: geen broker")
    targets = report.evaluate(rows, [skipped])
    assert ("Vragenlijst kernteam ≥ 120 req/s", "niet gemeten: ontbreekt", None) in targets
    assert targets[0][2] is None  # every measured page fast, one not measured: not yet decided
    slow = report.evaluate([*rows, _row("home", 500, 150)], [])
    assert slow[0][2] is False  # one page too slow decides it, whatever is missing
    assert targets[-1][2] is None
    text = report.markdown(rows=rows, steps=[skipped], settings={"database": "x"}, note="Vóór het samenvoegen.",
                           seed_seconds=1.0, total_seconds=2.0)  # fmt: skip
    assert "| Doel | Gemeten | Resultaat |" in text
    assert "> Vóór het samenvoegen." in text


def test_mail_files_are_counted_per_recipient(tmp_path):
    backend = EmailBackend(file_path=str(tmp_path))
    messages = [EmailMessage("Nieuwsbrief", "Tekst", "loket@example.nl", [f"a{i}@example.nl"]) for i in range(3)]
    messages.append(EmailMessage("Nieuwsbrief", "Tekst", "loket@example.nl", ["a0@example.nl"]))
    backend.send_messages(messages)
    total, per_recipient = steps.count_mail_files(tmp_path)
    assert total == 4
    assert per_recipient == {"a0@example.nl": 2, "a1@example.nl": 1, "a2@example.nl": 1}


def test_steps_skip_with_a_note_when_their_part_is_missing(db):
    ctx = steps.StepContext(log=lambda _m: None, env={})
    assert "CELERY_BROKER_URL" in steps.mailing_step(ctx).skipped


def test_launcher_finds_the_database_name():
    assert database_from([], "loket_bench") == "loket_bench"
    assert database_from(["--duration", "3", "--database", "andere"], "loket_bench") == "andere"
    assert database_from(["--database=nog_een"], "loket_bench") == "nog_een"


def test_cleanup_removes_only_benchmark_submissions(db):
    call_command(seed_bench.Command(), scale=0.01)
    seeded = Question.objects.count()
    fields = scenarios.question_form_fields(scenarios.reference_ids(), "x1")
    template = Question.objects.order_by("pk").first()
    template.pk = None
    template.reference, template.sequence, template.token = "V-1999-00001", 1, "tok-x1"
    template.year = 1999
    template.asker_email = fields["asker_email"]
    template.save()
    assert scenarios.cleanup_submissions() >= 1
    assert Question.objects.count() == seeded


class _FormHandler(BaseHTTPRequestHandler):
    """A question form as the loket serves it: a CSRF cookie and token, a fresh one-time submission key
    per page, a redirect after a valid POST."""

    protocol_version = "HTTP/1.1"

    def _reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.keys.append(uuid.uuid4().hex)
        form = (
            b'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="tok123">'
            b'<input type="hidden" name="submission_key" value="%s" data-submission-key>'
            b'<input name="asker_email"></form>'
        ) % self.server.keys[-1].encode()
        self._reply(200, form, [("Set-Cookie", "csrftoken=cookie123; Path=/; SameSite=Lax")])

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        valid = "csrfmiddlewaretoken=tok123" in body and "csrftoken=cookie123" in (self.headers["Cookie"] or "")
        valid = valid and f"submission_key={self.server.keys[-1]}" in body
        self.server.posts.append(body)
        self._reply(302 if valid else 403, headers=[("Location", "/bedankt/")] if valid else ())

    def log_message(self, *args):
        pass


def test_loadtest_user_submits_the_form_with_its_csrf_token(db):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _FormHandler)
    httpd.posts, httpd.keys = [], []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        user = run_loadtest.VirtualUser("127.0.0.1", httpd.server_address[1], scenarios.reference_ids(),
                                        random.Random(1), uid=7)  # fmt: skip
        for _n in range(2):
            ok, detail, email = user.submit_question("/vragen/stellen/")
            assert ok and detail == "" and email.endswith(f"@{scenarios.SUBMISSION_EMAIL_DOMAIN}")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert len(httpd.posts) == 2
    assert httpd.posts[0] != httpd.posts[1]  # every submission is unique


def test_loadtest_tally_counts_errors_per_kind():
    tally = run_loadtest.Tally()
    tally.record("page", 0.01, True)
    tally.record("ask", 0.02, False, "indienen: status 500")
    assert tally.errors == {"ask": 1}
    assert tally.error_samples == ["ask: indienen: status 500"]
    assert run_loadtest.percentile_or_none([0.01, 0.03], 50) == pytest.approx(20.0)
    assert run_loadtest.percentile_or_none([], 50) is None


@pytest.mark.e2e  # a live server (transactional database): runs with the browser tests, not in the main run
@pytest.mark.django_db(transaction=True)
def test_the_bench_logs_in_through_the_login_page_and_its_code_step(live_server, users):
    """The load test's login: the password, then the code step of django-two-factor-auth."""
    bench_totp_device(users["kernteam"])
    address = urlsplit(live_server.url)
    srv = server.Server(process=None, host=address.hostname, port=address.port)
    jar = server.login(srv, reverse("loket:login"), "kernteam", PASSWORD, otp_code=bench_totp_code)
    status, _headers, _body = server.request(
        srv, "GET", reverse("loket:dashboard"), headers={"Cookie": server.cookie_header(jar)}
    )
    assert status == 200
    with pytest.raises(RuntimeError, match="tweestapsverificatie"):
        server.login(srv, reverse("loket:login"), "kernteam", PASSWORD, otp_code=lambda: "000000")


def test_export_step_reports_a_failed_memory_probe_not_as_zero_megabytes(db, monkeypatch):
    """Issue 21: the XLSX export of 50,000 signals under tracemalloc ran past the probe's timeout and the
    report said "piekgeheugen 0.0 MB". A failed memory probe is now reported as not measured, and the
    target is not met."""
    answers = iter(
        [
            {"status": 200, "seconds": 1.0, "bytes": 2048, "lines": 3, "streaming": True, "rss_growth_kb": 0},
            {"error": "geen antwoord binnen 300 s"},
            {"peak_bytes": 1_048_576, "bytes": 1024},
        ]
    )
    monkeypatch.setattr(steps, "run_export_probe", lambda *args, **kwargs: next(answers))
    result = steps.export_step("xlsx")(steps.StepContext(log=lambda _m: None, env={}))
    assert result.peak_mb is None and result.ok is False
    assert "piekgeheugen niet gemeten (geen antwoord binnen 300 s)" in result.detail


def test_profile_page_takes_a_page_or_the_question_submission():
    parser = profile_page.Command().create_parser("python -m bench", "profile_page")
    opts = parser.parse_args(["experts:directory?q=huisvesting", "--database", "loket_bench_x10"])
    assert (opts.page, opts.database, opts.repeat, opts.post_question) == (
        "experts:directory?q=huisvesting",
        "loket_bench_x10",
        20,
        False,
    )
    opts = parser.parse_args(["--post-question"])
    assert (opts.page, opts.post_question) == ("", True)
    opts = parser.parse_args(["loket:dashboard", "--pyinstrument", "--cprofile", "--repeat", "5"])
    assert (opts.pyinstrument, opts.cprofile, opts.repeat) == (True, True, 5)
