"""What staff are told about django-axes' login throttling: attempts left and how long a lockout lasts.

Everything is read from the axes settings (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME) through axes'
own helpers, so the texts follow the configuration.
"""

from __future__ import annotations

import math
from datetime import timedelta

from axes.helpers import get_cool_off, get_failure_limit
from django.utils.translation import ngettext

# Warn after a failed attempt once this many attempts (or fewer) are left before the lockout.
WARN_WHEN_LEFT = 2


def duration_text(cool_off: timedelta) -> str:
    """'15 minutes', rounded up to whole minutes (never '0 minutes')."""
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60))
    return ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes}


def attempts_left_warning(request, username: str | None) -> str:
    """The warning after a failed login, or "" while enough attempts are left.

    django-axes counts the failure (for this username and address) while the login is checked and
    puts the count on the request, so no extra query is needed. With axes off, there is no count
    and no warning.
    """
    failures = getattr(request, "axes_failures_since_start", None) if request is not None else None
    if not failures:
        return ""
    left = get_failure_limit(request, {"username": username}) - failures
    if not 0 < left <= WARN_WHEN_LEFT:
        return ""
    cool_off = get_cool_off(request)
    if cool_off:
        return ngettext(
            "%(count)s more attempt; after that, logging in is blocked for %(duration)s.",
            "%(count)s more attempts; after that, logging in is blocked for %(duration)s.",
            left,
        ) % {"count": left, "duration": duration_text(cool_off)}
    return ngettext(
        "%(count)s more attempt; after that, your account is blocked until your administrator unblocks it.",
        "%(count)s more attempts; after that, your account is blocked until your administrator unblocks it.",
        left,
    ) % {"count": left}
