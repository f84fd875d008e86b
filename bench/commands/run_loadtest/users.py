"""The virtual users of the load test: their HTTP connection with cookies, the forms they fill in,
and the tally of what they did (latencies, statuses, accepted submissions and edits)."""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.urls import reverse

from bench import htmlforms, loadgen, scenarios, seed, server

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


def resolve_mix() -> list[Action]:
    actions = []
    for weight, kind, url_name, query in scenarios.LOADTEST_MIX:
        path = reverse(url_name)
        actions.append(Action(weight, kind, f"{path}?{query}" if query else path))
    return actions
