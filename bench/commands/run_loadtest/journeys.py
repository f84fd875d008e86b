"""What each role does during the load (a mixin of the command): askers submit questions, a visitor
reads and searches, the PRT-lid edits the draft, the core team triages and answers, the LRT exports."""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import Counter

from django.urls import reverse

from bench import htmlforms, scenarios, seed
from bench.commands.run_loadtest.users import (
    QUESTION_ID_RE,
    ROLE_CYCLE,
    STAFF_USERS,
    Action,
    Tally,
    VirtualUser,
    otp_code,
)


class JourneysMixin:
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
