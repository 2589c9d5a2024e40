"""The front door's limits against floods: the public form's and the partner API's.

Both see the client through `naast.core.clientaddress.client_address` (the resident behind the
proxy, not the proxy) and count over the last hour in the database, so every worker process
shares one count.

- **Public form.** A *resident* is a client address together with the question asked (its words,
  ignoring case and punctuation): `NAAST_INTAKE_RATE_LIMIT_PER_HOUR` posts each. One address in
  all (a library, a care home, a shared connection) may post `NAAST_INTAKE_ADDRESS_LIMIT_PER_HOUR`
  times, so residents who share an address do not use up each other's limit.
- **Partner API.** Calls per key per hour: the key's own limit (admin) or
  `NAAST_PARTNER_API_RATE_LIMIT_PER_HOUR`; calls with an unknown key count per client address
  against the same default limit, so guessing keys is slow.

Records older than the window are removed by `forget_old` (`naast send-reminders`, hourly).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from naast.core.clientaddress import client_address
from naast.core.hashing import keyed_digest

from .models import PartnerApiCall, PartnerApiKey, PublicSubmission, hash_secret

WINDOW = timedelta(hours=1)


class RateLimited(Exception):
    """Over a limit: `retry_after` seconds until the next call is allowed."""

    def __init__(self, limit: int, retry_after: int, unknown_key: bool = False):
        super().__init__(limit, retry_after)
        self.limit, self.retry_after, self.unknown_key = limit, retry_after, unknown_key


def _intake() -> dict:
    return settings.NAAST_INTAKE


def address_hash(request) -> str:
    # Salted and hashed: a limit needs to recognise an address, not to know it.
    return hash_secret(settings.NAAST["HASH_SALT"] + client_address(request))


def _retry_after(first: datetime | None, now: datetime) -> int:
    if first is None:
        return 60
    return max(60, math.ceil((first + WINDOW - now).total_seconds()))


# --- the public form ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FormPoster:
    address_hash: str
    resident_hash: str


def form_poster(request, question: str) -> FormPoster:
    """Who posts the public form, for its limits: the address, and the resident (address + question)."""
    address = address_hash(request)
    words = " ".join(re.findall(r"\w+", question.casefold()))[:2000]
    return FormPoster(address, keyed_digest(f"{address}\n{words}"))


def form_limit_reached(poster: FormPoster, now: datetime | None = None) -> bool:
    per_resident, per_address = _intake()["RATE_LIMIT_PER_HOUR"], _intake()["ADDRESS_LIMIT_PER_HOUR"]
    if not per_resident and not per_address:
        return False
    counts = PublicSubmission.objects.filter(
        address_hash=poster.address_hash, created_at__gte=(now or timezone.now()) - WINDOW
    ).aggregate(address=Count("pk"), resident=Count("pk", filter=Q(resident_hash=poster.resident_hash)))
    return bool((per_resident and counts["resident"] >= per_resident) or (per_address and counts["address"] >= per_address))


def record_form_post(poster: FormPoster) -> None:
    if _intake()["RATE_LIMIT_PER_HOUR"] or _intake()["ADDRESS_LIMIT_PER_HOUR"]:
        PublicSubmission.objects.create(address_hash=poster.address_hash, resident_hash=poster.resident_hash)


# --- the partner API ---------------------------------------------------------------------------
def _default_api_limit() -> int:
    return _intake()["PARTNER_API_RATE_LIMIT_PER_HOUR"]


def _count(calls, limit: int, now: datetime) -> int | None:
    """None when a call is allowed, else the seconds to wait."""
    window = calls.filter(created_at__gte=now - WINDOW).aggregate(n=Count("pk"), first=Min("created_at"))
    return _retry_after(window["first"], now) if window["n"] >= limit else None


def partner_call(key: PartnerApiKey, now: datetime | None = None) -> None:
    """Counts a call with `key`; RateLimited when the key has used up its hour."""
    now = now or timezone.now()
    limit = key.rate_limit_per_hour if key.rate_limit_per_hour is not None else _default_api_limit()
    if not limit:
        return
    wait = _count(PartnerApiCall.objects.filter(key=key), limit, now)
    if wait is not None:
        raise RateLimited(limit, wait)
    PartnerApiCall.objects.create(key=key, created_at=now)


def unknown_key_call(request, now: datetime | None = None) -> None:
    """Counts a call with an unknown key per client address; RateLimited when that address has
    used up its hour."""
    now = now or timezone.now()
    limit = _default_api_limit()
    if not limit:
        return
    address = address_hash(request)
    wait = _count(PartnerApiCall.objects.filter(key__isnull=True, address_hash=address), limit, now)
    if wait is not None:
        raise RateLimited(limit, wait, unknown_key=True)
    PartnerApiCall.objects.create(address_hash=address, created_at=now)


def forget_old(now: datetime | None = None) -> int:
    """Removes the records the limits no longer count; returns how many."""
    before = (now or timezone.now()) - WINDOW
    removed, _ = PublicSubmission.objects.filter(created_at__lt=before).delete()
    calls, _ = PartnerApiCall.objects.filter(created_at__lt=before).delete()
    return removed + calls
