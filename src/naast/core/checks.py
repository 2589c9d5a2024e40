"""Naast's own `check --deploy` warnings."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.urls, deploy=True)
def site_url_known(app_configs, **kwargs):
    if settings.SITE_URL:
        return []
    return [checks.Warning(
        "SITE_URL is not set and cannot be read from ALLOWED_HOSTS.",
        hint="Set SITE_URL (e.g. https://naast.example.nl): reminder and assignment e-mails link to it.",
        id="naast.W001",
    )]
