"""One-time submission keys: every form that creates something is safe against a double click and a resend.

The template puts a fresh key in the form (`{% load submission %}{% submission_key %}`, a hidden field);
the view wraps its create step in `submit_once(request, create, refuse=...)` (a class-based form view uses
`SubmitOnceMixin`). The first POST with a key claims it in the same transaction as the create (a unique
row, `SubmissionKey`): a second POST with that key, at the same time or later, creates nothing and gets
the first result again (the same redirect and cookies). When the create step does not end in a redirect
(the form had errors) or raises, the claim is rolled back with it, so the corrected form can be sent with
the same key. A POST without a valid key (an old page, a script, a form that lost its hidden field) creates
nothing: `refuse` shows the form again with `MISSING_KEY` and a fresh key. The keys are kept
`SUBMISSION_KEY_DAYS` days; the beat task `loket.purge_submission_keys` removes older ones."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import SubmissionKey

FIELD_NAME = "submission_key"
_KEY = re.compile(r"^[0-9a-f]{32}$")

MISSING_KEY = gettext_lazy(
    "Het formulier is niet compleet aangekomen of is verlopen. Er is niets opgeslagen. "
    "Controleer de gegevens en verstuur het formulier opnieuw."
)

Refuse = Callable[[str], HttpResponse]


def new_key() -> str:
    return uuid.uuid4().hex


def key_from(request: HttpRequest) -> str | None:
    """The valid key the request carries, or None."""
    value = (request.POST.get(FIELD_NAME) or "").strip().lower() if request.method == "POST" else ""
    return value if _KEY.match(value) else None


def refuse_with_form(form: forms.BaseForm, render: Callable[[], HttpResponse]) -> Refuse:
    """`refuse` for a view with a form: the message at the top of the form, which is shown again."""

    def refuse(message: str) -> HttpResponse:
        form.add_error(None, message)
        return render()

    return refuse


def refuse_with_message(request: HttpRequest, url: str) -> Refuse:
    """`refuse` for a form that is only a button on another page: a message there."""

    def refuse(message: str) -> HttpResponse:
        messages.error(request, message)
        return redirect(url)

    return refuse


def _replay(request: HttpRequest, record: SubmissionKey) -> HttpResponse:
    messages.info(request, _("Dit formulier was al verstuurd. Het is één keer opgeslagen."))
    response = HttpResponseRedirect(record.result_url or request.path)
    for line in record.result_cookies.splitlines():
        response.cookies.load(line)
    return response


def already_sent(request: HttpRequest) -> HttpResponse | None:
    """The first result again when the request's key was used before, else None. A view whose form
    checks against what the first submission created (a meeting on that date already exists) calls it
    before validating, so a repeat gets the first result rather than that error."""
    key = key_from(request)
    record = SubmissionKey.objects.filter(key=key).first() if key else None
    return _replay(request, record) if record is not None else None


def submit_once(
    request: HttpRequest, create: Callable[[], HttpResponse], *, refuse: Refuse, claim_first: bool = True
) -> HttpResponse:
    """Run `create` once per submission key; a repeat gets the first result, no key gets `refuse`.

    `claim_first=False` writes the key once, with its result, after `create` (one statement instead of
    an insert and an update, issue 21), still in the same transaction: a repeat, at the same time or
    later, runs `create` and fails on the key's unique index before its commit, so all it created is
    rolled back, and it gets the first result. Only for a create step whose effects outside the
    database wait for the commit (`transaction.on_commit`: mail, counters in the cache) and that stores
    no files: those of a repeat would stay behind."""
    key = key_from(request)
    if key is None:
        return refuse(str(MISSING_KEY))
    # Claimed first: no lookup first, claiming the key is the first statement, and a key used before
    # (or claimed by a request running at the same time) fails there, before anything is created.
    try:
        with transaction.atomic():
            record = SubmissionKey.objects.create(key=key, path=request.path[:500]) if claim_first else None
            response = create()
            created = 300 <= response.status_code < 400 and response.has_header("Location")
            if not created:
                transaction.set_rollback(True)  # nothing was created: the key stays free
            else:
                result = {
                    "result_url": response["Location"][:2000],
                    "result_cookies": "\n".join(m.OutputString() for m in response.cookies.values()),
                }
                if record is None:
                    SubmissionKey.objects.create(key=key, path=request.path[:500], **result)
                else:
                    SubmissionKey.objects.filter(pk=record.pk).update(**result)
    except IntegrityError:
        # The key was used before, or claimed by a request that ran at the same time: its result.
        record = SubmissionKey.objects.filter(key=key).first()
        if record is None:
            raise
        return _replay(request, record)
    if not created and not claim_first and (record := SubmissionKey.objects.filter(key=key).first()) is not None:
        # a repeat that `create` refused (the first submission counted against a limit): the first result
        return _replay(request, record)
    return response


class SubmitOnceMixin:
    """For a class-based form view (`FormView`) that creates something: a valid form goes to `form_valid`
    once per key; without a key the form comes back with `MISSING_KEY`. The template renders
    `{% submission_key %}`. Put it before `FormView` (it takes over `post`)."""

    def post(self, request, *args, **kwargs):
        if (repeat := already_sent(request)) is not None:
            return repeat
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        return submit_once(
            request, lambda: self.form_valid(form), refuse=refuse_with_form(form, lambda: self.form_invalid(form))
        )


def purge_submission_keys(*, days: int | None = None) -> int:
    """Remove keys older than `days` (default `SUBMISSION_KEY_DAYS`); a resend after that creates again."""
    days = settings.SUBMISSION_KEY_DAYS if days is None else days
    deleted, _rows = SubmissionKey.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
