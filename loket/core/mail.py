"""Rendering and sending of the portal's mails. Every mail is a pair of templates:
`<name>.txt` and `<name>.html` under templates/<app>/emails/, with the subject in `<name>_subject.txt`.

Call `send_templated_mail` from a Celery task, never from a view: the task retries when the mail
server is down, so a page never waits for or fails on mail.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def render_mail(template: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    ctx = {"site_url": settings.SITE_URL, "loket_name": settings.LOKET_NAME, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
    text = render_to_string(f"{template}.txt", ctx)
    html = render_to_string(f"{template}.html", ctx)
    return subject, text, html


def send_templated_mail(
    *,
    template: str,
    context: Mapping[str, Any],
    to: Iterable[str],
    headers: Mapping[str, str] | None = None,
    reply_to: Iterable[str] | None = None,
) -> int:
    subject, text, html = render_mail(template, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=dict(headers or {}),
        reply_to=list(reply_to or []),
    )
    message.attach_alternative(html, "text/html")
    return message.send()
