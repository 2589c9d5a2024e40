"""Links that work outside the site, in an e-mail."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (e.g. from `reverse`) as a full address under SITE_URL, which a mail program can
    open; the bare path when SITE_URL is not known (a deployment whose ALLOWED_HOSTS is '*')."""
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else path
