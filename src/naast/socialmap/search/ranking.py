"""Ranking: the best services for a query's stems, read from the `SearchPosting` table through
its (stem, weight) index and scored BM25-style (each stem's rarity times its stored weight), and
the boost for services in a life domain or service type a matched phrase points to."""

from __future__ import annotations

import math
from operator import itemgetter

from django.db import connection

from ..models import SearchPosting, Service, ServiceAttribute
from .ids import hex_ids
from .query import QueryPlan
from .vocabulary import VOCABULARY

# How many services a search reads per stem and keeps as candidates (a matched phrase may add
# as many again): a common word in a large map costs no more than a rare one.
CANDIDATE_LIMIT = 500
PHRASE_BOOST = 2.0


def ranked_ids(stems: list[str], limit: int, weights: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """(service id as 32 hex digits, score) from the search index, best first; higher is better.

    BM25: each stem counts with its rarity (idf) times its stored weight for the service. Only the
    `limit` best services per stem are read, through the (stem, weight) index, so a common word
    in a large map costs no more than a rare one. `weights` (stem -> factor, default 1) lets the
    map words of a matched concept count above a word typed in passing."""
    if not stems:
        return []
    table = SearchPosting._meta.db_table
    stems = stems[:40]
    with connection.cursor() as cursor:
        vocabulary = VOCABULARY.ensure()
        frequency = vocabulary.document_frequency(stems, cursor)
        found = [s for s in stems if frequency.get(s)]
        if not found:
            return []
        documents = max(vocabulary.documents, max(frequency.values()))
        weights = weights or {}
        idf = {s: weights.get(s, 1.0) * math.log(1 + (documents - frequency[s] + 0.5) / (frequency[s] + 0.5))
               for s in found}
        # Scored in the database: only the best `limit` services come back, not `limit` rows per
        # stem. Equal scores by id (32 hex digits sort as the ids do), as `best_first` orders them.
        best = " UNION ALL ".join(
            f"SELECT * FROM (SELECT service_id AS sid, weight * %s AS score FROM {table} WHERE stem = %s "
            f"ORDER BY weight DESC LIMIT %s) AS best{i}"
            for i in range(len(found))
        )
        cursor.execute(
            f"SELECT sid, SUM(score) AS total FROM ({best}) AS postings GROUP BY sid ORDER BY total DESC, sid LIMIT %s",
            [value for s in found for value in (idf[s], s, limit)] + [limit],
        )
        if connection.vendor == "postgresql":
            # As UUIDs, made hex here: PostgreSQL's replace() on 500 ids costs more (1 ms).
            return [(sid.hex, score) for sid, score in cursor.fetchall()]
        return cursor.fetchall()  # SQLite keeps the ids as 32 hex digits


def best_first(items) -> list[tuple[str, float]]:
    """(id, score) pairs by score, highest first, equal scores by id: sorted by id, then (stably)
    by score, which is what sorting by (-score, id) gives, without a Python key per pair."""
    pairs = sorted(items, key=itemgetter(0))
    pairs.sort(key=itemgetter(1), reverse=True)  # reverse keeps equal scores in their order
    return pairs


def apply_phrase_boost(scores: dict[str, float], plan: QueryPlan) -> None:
    """Services in a life domain or service type a matched phrase points to rank higher; they
    join the candidates even when their text shares no word with the query."""
    through_domains = Service.life_domains.through.objects.filter(lifedomain_id__in=plan.boost_domains)
    through_terms = ServiceAttribute.objects.filter(taxonomy_term_id__in=plan.boost_terms)
    boosted = hex_ids(through_terms, "service_id", CANDIDATE_LIMIT)
    if not boosted:
        boosted = hex_ids(through_domains, "service_id", CANDIDATE_LIMIT)
    top = max(scores.values(), default=1.0) or 1.0
    for sid in boosted:
        scores[sid] = scores.get(sid, 0.0) + PHRASE_BOOST * 0.1 * top
