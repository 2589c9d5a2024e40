"""Learning from use: how each query fared, counted per month (`SearchStatistic`), and the
residents' answer to "did this help?" under the results.

Privacy by design: only the query (digits and e-mail addresses removed, at most 200 characters)
and counts are kept; no address, session, person or time of day. The "did this help?" answers
are limited per client address (held hashed, in the cache, for an hour) so one visitor cannot
flood the counts."""

from __future__ import annotations

import datetime as dt
import re

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from naast.core.clientaddress import client_address
from naast.core.hashing import keyed_digest

from .models import SearchStatistic

FEEDBACK_PER_HOUR = 20


def clean_query(query: str) -> str:
    """The query as counted: lower case, without e-mail addresses and digits (a phone number, a
    citizen service number or a postcode is no search word), spaces collapsed."""
    words = [w for w in (query or "").casefold().split() if "@" not in w]
    return re.sub(r"\d+", "", " ".join(" ".join(words).split())).strip()[:200].strip()


def _month(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()).replace(day=1)


def _add(query: str, **counts: int) -> None:
    cleaned = clean_query(query)
    if not cleaned:
        return
    month = _month()
    updates = {field: F(field) + n for field, n in counts.items()}
    if SearchStatistic.objects.filter(month=month, query=cleaned).update(**updates):
        return
    try:
        with transaction.atomic():
            SearchStatistic.objects.create(month=month, query=cleaned, **counts)
    except IntegrityError:  # created meanwhile by another request
        SearchStatistic.objects.filter(month=month, query=cleaned).update(**updates)


def record_search(query: str, found: bool) -> None:
    """Count one search of the public map (first page only)."""
    _add(query, searches=1, without_results=0 if found else 1)


def feedback_allowed(request) -> bool:
    """At most FEEDBACK_PER_HOUR answers an hour from one client address."""
    key = "socialmap-feedback-" + keyed_digest(client_address(request))[:32]
    count = cache.get(key, 0)
    if count >= FEEDBACK_PER_HOUR:
        return False
    cache.set(key, count + 1, 3600)
    return True


def record_feedback(query: str, helped: bool) -> bool:
    """Count a "did this help?" answer for a query searched this month; an answer about words
    nobody searched for (a form posted by hand) adds nothing, so no text reaches the
    coordinators' list without a search. Returns whether it was counted."""
    cleaned = clean_query(query)
    field = "helped" if helped else "not_helped"
    return bool(cleaned) and SearchStatistic.objects.filter(month=_month(), query=cleaned).update(
        **{field: F(field) + 1}) > 0


def to_improve(months: int = 3, limit: int = 100) -> list[SearchStatistic]:
    """The queries of the last months that found nothing or were answered "no", most often first."""
    current = _month()
    year, month = divmod(current.year * 12 + current.month - 1 - (months - 1), 12)
    since = dt.date(year, month + 1, 1)
    rows = (SearchStatistic.objects.filter(month__gte=since).filter(Q(without_results__gt=0) | Q(not_helped__gt=0))
            .values("query").annotate(searches=Sum("searches"), without_results=Sum("without_results"),
                                      helped=Sum("helped"), not_helped=Sum("not_helped"))
            .order_by("-without_results", "-not_helped", "query"))
    return list(rows[:limit])


def monthly_summary(months: int = 12) -> list[dict]:
    """Per month: searches, searches without results, "yes" and "no" answers."""
    return list(SearchStatistic.objects.values("month").annotate(
        searches=Sum("searches"), without_results=Sum("without_results"), helped=Sum("helped"),
        not_helped=Sum("not_helped"),
    ).order_by("-month")[:months])
