import pytest


@pytest.fixture(autouse=True)
def _intake_defaults(settings):
    # No waiting in tests; the time-to-submit check has its own test that turns it on.
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "MIN_SECONDS_TO_SUBMIT": 0, "RATE_LIMIT_PER_HOUR": 10}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
