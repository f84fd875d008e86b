"""After the load (a mixin of the command): wait for the mail, then check that every accepted
submission, note, answer and edit is stored once and every mail was delivered exactly once."""

from __future__ import annotations

import re
import time
from collections import Counter

from django.db import connections

from bench import chaos, scenarios
from bench.commands.run_loadtest.users import Tally
from loket.mailings.models import Mailing, MailingRecipient, RecipientStatus
from plans.models import PlanVersion
from questions.models import QuestionMessage


class ChecksMixin:
    # ---- afterwards -----------------------------------------------------------------------------------
    def drain_and_check(self, tally: Tally, sink, mailing_id: int, drain: float) -> dict[str, tuple[bool, str]]:
        connections.close_all()
        confirmations = {e.lower() for e in tally.asker_emails}
        answer_tokens = {token for _pk, token in tally.answers}
        mailing = Mailing.objects.get(pk=mailing_id)
        recipients = set(mailing.recipients.values_list("email", flat=True))
        t0 = time.monotonic()
        seen: dict = {}
        while True:
            seen = self.classify(sink, mailing.subject, answer_tokens)
            pending = MailingRecipient.objects.filter(mailing_id=mailing_id, status=RecipientStatus.PENDING).count()
            done = (
                pending == 0
                and confirmations <= set(seen["confirmation"])
                and answer_tokens <= set(seen["answer"])
                and recipients <= set(seen["mailing"])
            )
            if done or time.monotonic() - t0 > drain:
                break
            time.sleep(2)
        self.drain_seconds = time.monotonic() - t0
        connections.close_all()
        results = {}
        for key, expected, label in (
            ("confirmation", confirmations, "bevestigingen aan vragenstellers"),
            ("answer", answer_tokens, "antwoorden"),
            ("mailing", recipients, "mailing"),
        ):
            counts = seen[key]
            missing = len([x for x in expected if counts.get(x, 0) == 0])
            duplicates = sum(n - 1 for x, n in counts.items() if x in expected and n > 1)
            results[f"mail_{key}"] = (
                missing == 0 and duplicates == 0,
                f"{label}: {len(expected)} verwacht, {missing} ontbreken, {duplicates} dubbel",
            )
        self.mailing_redelivered = redelivered_copies(sink, mailing.subject)
        if self.mailing_redelivered:
            ok, text = results["mail_mailing"]
            results["mail_mailing"] = (
                ok,
                f"{text}; {self.mailing_redelivered} keer opnieuw afgeleverd met dezelfde Message-ID "
                "(hetzelfde bericht: de worker stierf tussen het 'geaccepteerd' van de mailserver en de commit)",
            )
        failed = MailingRecipient.objects.filter(mailing_id=mailing_id, status=RecipientStatus.FAILED).count()
        results["mailing_failed"] = (failed == 0, f"mailing: {failed} ontvangers mislukt")
        self.mail_total = len(sink.messages)
        return results

    def classify(self, sink, mailing_subject: str, answer_tokens: set[str]) -> dict[str, Counter]:
        """Count the sink's messages: confirmations per asker address, answers per token, the mailing
        per recipient: the different messages each got (a copy SMTP delivered again with the same
        Message-ID is the same message, loket.mailings.services.recipient_message_id; such copies are
        counted apart: redelivered_copies)."""
        out = {"confirmation": Counter(), "answer": Counter(), "mailing": Counter()}
        mailing_ids: dict[str, set[str]] = {}
        for rcpts, data in list(sink.messages):
            subject, body = chaos.text_of(data)
            if subject == mailing_subject:
                message_id = chaos.message_id_of(data)
                for rcpt in rcpts:
                    seen_ids = mailing_ids.setdefault(rcpt, set())
                    if message_id and message_id in seen_ids:
                        continue
                    seen_ids.add(message_id)
                    out["mailing"][rcpt] += 1
                continue
            token = next((t for t in re.findall(r"KT\d+-\d+-\d+", body) if t in answer_tokens), None)
            if token:
                out["answer"][token] += 1
                continue
            for rcpt in rcpts:
                if rcpt.endswith(f"@{scenarios.SUBMISSION_EMAIL_DOMAIN}") and rcpt.startswith("vrager"):
                    out["confirmation"][rcpt] += 1
        return out

    def check_edits(self, tally: Tally) -> dict[str, tuple[bool, str]]:
        """No lost edit: every accepted note and answer is stored once; the draft's texts are the last
        accepted text per field (a stale save must have been answered 409, never stored over another)."""
        connections.close_all()
        bodies = list(QuestionMessage.objects.filter(body__contains="KT").values_list("body", flat=True))
        found = Counter(t for body in bodies for t in re.findall(r"KT\d+-\d+-\d+", body))
        lost = [t for _pk, t in tally.notes + tally.answers if found.get(t, 0) != 1]
        results = {
            "notes_answers": (
                not lost,
                f"{len(tally.notes)} notities en {len(tally.answers)} antwoorden geaccepteerd, "
                f"{len(lost)} niet (één keer) opgeslagen; {tally.conflicts} conflicten beantwoord met 409, "
                f"{tally.refused} geweigerd (400)",
            )
        }
        if tally.edits:
            version = PlanVersion.objects.get(pk=tally.edits[-1][0])
            last = {}
            for _pk, name, text in tally.edits:
                last[name] = text
            wrong = [name for name, text in last.items() if getattr(version, name, None) != text]
            results["edits"] = (
                not wrong,
                f"{len(tally.edits)} bewerkingen van het concept, {tally.plan_conflicts} conflicten beantwoord "
                f"met 409, {len(wrong)} velden verloren",
            )
        return results


def redelivered_copies(sink, mailing_subject: str) -> int:
    """How many mailing messages the sink got a second time with the same Message-ID."""
    seen: set[tuple[str, str]] = set()
    copies = 0
    for rcpts, data in list(sink.messages):
        if chaos.text_of(data)[0] != mailing_subject:
            continue
        message_id = chaos.message_id_of(data)
        for rcpt in rcpts:
            if message_id and (rcpt, message_id) in seen:
                copies += 1
            seen.add((rcpt, message_id))
    return copies
