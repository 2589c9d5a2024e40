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


@checks.register(checks.Tags.security, deploy=True)
def proxies_named(app_configs, **kwargs):
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None) or settings.NAAST["TRUSTED_PROXIES"]:
        return []
    return [checks.Warning(
        "Naast runs behind a proxy (SECURE_PROXY_SSL_HEADER) but NAAST_TRUSTED_PROXIES is empty.",
        hint="Name the proxy's address (e.g. NAAST_TRUSTED_PROXIES=127.0.0.1): otherwise every resident shares "
        "the proxy's address, and the public form's and the login's limits block them all at once.",
        id="naast.W002",
    )]
