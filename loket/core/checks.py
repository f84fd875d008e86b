"""System checks of the mail settings (`manage.py check`; the Celery worker runs them at start-up).

A plain SMTP server without STARTTLS while EMAIL_USE_TLS is on (the default as soon as EMAIL_HOST is
set) makes every mail fail with SMTPNotSupportedError. The mail then waits (loket.core.mail counts it
as "mail server unusable"), and this check says why, before the first mail: always for contradictory
settings, and by asking the server (EHLO, a few seconds at most) when EMAIL_CHECK_SERVER is on or at
the worker's start-up.
"""

import smtplib

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
PROBE_TIMEOUT = 3  # seconds


def _uses_smtp() -> bool:
    return settings.EMAIL_BACKEND == SMTP_BACKEND and bool(settings.EMAIL_HOST)


def starttls_offered(host: str, port: int, timeout: float = PROBE_TIMEOUT) -> bool:
    """Whether the SMTP server at host:port offers STARTTLS (greeting and EHLO only, then QUIT).
    Raises OSError or smtplib.SMTPException when it cannot be asked."""
    with smtplib.SMTP(host, port, timeout=timeout) as smtp:
        smtp.ehlo()
        return smtp.has_extn("starttls")


def mail_setting_problems(*, probe: bool) -> list[CheckMessage]:
    if not _uses_smtp():
        return []
    host, port = settings.EMAIL_HOST, settings.EMAIL_PORT
    use_tls, use_ssl = settings.EMAIL_USE_TLS, getattr(settings, "EMAIL_USE_SSL", False)
    if use_tls and use_ssl:
        return [
            Error(
                "EMAIL_USE_TLS en EMAIL_USE_SSL staan allebei aan; dat kan niet samen, dus geen enkele mail gaat weg.",
                hint="Zet EMAIL_USE_TLS aan voor STARTTLS (meestal poort 587) of EMAIL_USE_SSL voor directe TLS "
                "(meestal poort 465), niet allebei.",
                id="loket.E001",
            )
        ]
    problems: list[CheckMessage] = []
    if use_tls and port == 465:
        problems.append(
            Warning(
                "EMAIL_USE_TLS (STARTTLS) staat aan met poort 465, de poort voor directe TLS.",
                hint="Gebruik EMAIL_USE_SSL=true met poort 465, of EMAIL_USE_TLS met poort 587.",
                id="loket.W001",
            )
        )
    if use_ssl and port in (25, 587):
        problems.append(
            Warning(
                f"EMAIL_USE_SSL (directe TLS) staat aan met poort {port}, een poort voor STARTTLS of geen TLS.",
                hint="Gebruik EMAIL_USE_TLS=true met poort 587, of EMAIL_USE_SSL met poort 465.",
                id="loket.W002",
            )
        )
    if probe and use_tls and not use_ssl:
        try:
            offered = starttls_offered(host, port, timeout=min(settings.EMAIL_TIMEOUT or PROBE_TIMEOUT, PROBE_TIMEOUT))
        except (OSError, smtplib.SMTPException) as exc:
            problems.append(
                Warning(
                    f"De mailserver {host}:{port} is niet bereikbaar ({type(exc).__name__}: {exc}); "
                    "STARTTLS is niet gecontroleerd. Mail wacht tot de server bereikbaar is.",
                    id="loket.W003",
                )
            )
        else:
            if not offered:
                problems.append(
                    Error(
                        f"De mailserver {host}:{port} biedt geen STARTTLS aan, maar EMAIL_USE_TLS staat aan: "
                        "elke mail zou mislukken (SMTPNotSupportedError). Mail blijft wachten tot dit is opgelost.",
                        hint="Zet EMAIL_USE_TLS=false als de server op een vertrouwd netwerk staat (bijvoorbeeld "
                        "een relay op localhost), of gebruik een server of poort met STARTTLS.",
                        id="loket.E002",
                    )
                )
    return problems


@register("mail")
def check_mail_settings(app_configs=None, **kwargs) -> list[CheckMessage]:
    return mail_setting_problems(probe=getattr(settings, "EMAIL_CHECK_SERVER", False))
