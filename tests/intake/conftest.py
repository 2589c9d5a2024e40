import pytest

# The real mail servers (Dovecot, aiosmtpd), as fixtures for the e-mail intake tests.
from .mailservers import dovecot, dovecot_server, mail_server, smtp_server  # noqa: F401


@pytest.fixture(autouse=True)
def _intake_defaults(settings):
    # No waiting in tests; the time-to-submit check has its own test that turns it on.
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "MIN_SECONDS_TO_SUBMIT": 0, "RATE_LIMIT_PER_HOUR": 10}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def fetch(django_capture_on_commit_callbacks):
    """`fetch_mail` as cron runs it: each message's transaction commits, and the acknowledgement
    queued in it is sent then. A test's own transaction never commits, so its commit callbacks
    are run here."""
    from naast.intake.mailbox import fetch_mail

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return fetch_mail()

    return run
