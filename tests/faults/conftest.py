import pytest

from tests.questions.conftest import ask_data  # noqa: F401  (the question form's valid data)

from .smtp_sink import SmtpSink


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on a free loopback port, used as the project's mail server. Starts
    stopped ("down"): call `.start()` to bring it up, `.stop()` to take it down again."""
    sink = SmtpSink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 3
    # As in production without a broker: a failing task does not raise into the caller; its
    # retries run (without the waits) and a task that finally fails on the mail server is kept.
    from config.celery import app

    app.conf.task_eager_propagates = False
    try:
        yield sink
    finally:
        app.conf.task_eager_propagates = True
        sink.stop()
