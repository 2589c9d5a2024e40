"""THE search of the social map: one function (`search_services`) for the public pages, the
professional view and the HSDS API.

How it works, on both databases:
- every service has a search document of Dutch Snowball stems in three weighted fields:
  name (heaviest), taxonomy (service types, life domains, target groups, their search words)
  and body (description, eligibility, organisation); compounds are also indexed by their parts;
- SQLite keeps it in an FTS5 table ranked with bm25; PostgreSQL in a tsvector column (config
  'simple', because the text is already stemmed here) with a GIN index, ranked with ts_rank;
- the query is stemmed the same way; words the index does not know are corrected against the
  index's vocabulary (compound joining/splitting, then edit distance), and curated phrases
  (`SearchPhrase`) add the words a professional would use ("huur" -> huurachterstand, schuld).
"""

from __future__ import annotations

import datetime as dt
import math
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from naast.organisations.models import District, Municipality, ServiceProfile
from naast.taxonomies.models import LifeDomain

from . import text
from .models import (
    WEEKDAY_CODES,
    Schedule,
    SearchPhrase,
    SearchWord,
    Service,
    ServiceArea,
    ServiceAttribute,
    TaxonomyTerm,
)

CANDIDATE_LIMIT = 500
WEIGHT_NAME, WEIGHT_TAXONOMY, WEIGHT_BODY = 10.0, 5.0, 1.0
PHRASE_BOOST = 2.0
NAAST_SERVICE_TYPES = "naast-service-type"


# --------------------------------------------------------------------------- the index

def _documents(services: Iterable[Service], parts: set[str]) -> list[tuple[str, str, str, str]]:
    rows = []
    for service in services:
        taxonomy_text = " ".join(
            [f"{t.name} {t.keywords}" for t in service.terms.all()]
            + [f"{d.name_nl} {d.name_en}" for d in service.life_domains.all()]
            + [f"{g.name_nl} {g.name_en}" for g in service.target_groups.all()]
        )
        body = " ".join(
            [service.description, service.eligibility_description, service.alternate_name,
             service.organization.name if service.organization else ""]
        )
        rows.append(
            (
                str(service.pk),
                " ".join(text.index_tokens(service.name, parts)),
                " ".join(text.index_tokens(taxonomy_text, parts)),
                " ".join(text.index_tokens(body, parts)),
            )
        )
    return rows


def _compound_parts() -> set[str]:
    parts = set(text.COMPOUND_PARTS)
    for term in TaxonomyTerm.objects.only("name", "keywords"):
        parts.update(w for w in text.words(f"{term.name} {term.keywords}") if len(w) >= 4)
    for phrase in SearchPhrase.objects.only("phrase", "expansion"):
        parts.update(w for w in text.words(f"{phrase.phrase} {phrase.expansion}") if len(w) >= 4)
    return parts


def reindex(service_ids: Iterable | None = None, batch_size: int = 2000) -> int:
    """Rebuild the search documents (all services, or the given ones) and the vocabulary."""
    parts = _compound_parts()
    qs = Service.objects.select_related("organization").prefetch_related("terms", "life_domains", "target_groups")
    if service_ids is not None:
        ids = [str(i) for i in service_ids]
        if not ids:
            return 0
        qs = qs.filter(pk__in=ids)
    else:
        _clear_index()
    total = 0
    ids_seen: list[str] = []
    batch: list[Service] = []
    for service in qs.order_by("pk").iterator(chunk_size=batch_size):
        batch.append(service)
        if len(batch) >= batch_size:
            total += _write_documents(batch, parts, replace=service_ids is not None)
            ids_seen.extend(str(s.pk) for s in batch)
            batch = []
    if batch:
        total += _write_documents(batch, parts, replace=service_ids is not None)
    VOCABULARY.invalidate()
    return total


def _clear_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM socialmap_search")
    SearchWord.objects.all().delete()


def remove_from_index(service_ids: Iterable) -> None:
    ids = [str(i) for i in service_ids]
    if not ids:
        return
    with connection.cursor() as cursor:
        placeholders = ",".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM socialmap_search WHERE service_id IN ({placeholders})", _db_ids(ids))


def _db_ids(ids: list[str]) -> list:
    # Django stores UUIDs as 32 hex characters on SQLite and as uuid on PostgreSQL.
    return [uuid.UUID(i).hex for i in ids] if connection.vendor == "sqlite" else ids


def _write_documents(services: list[Service], parts: set[str], replace: bool) -> int:
    rows = _documents(services, parts)
    if replace:
        remove_from_index([r[0] for r in rows])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                "INSERT INTO socialmap_search (service_id, document) VALUES (%s, "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                "|| setweight(to_tsvector('simple', %s), 'C')) "
                "ON CONFLICT (service_id) DO UPDATE SET document = EXCLUDED.document",
                rows,
            )
        else:
            cursor.executemany(
                "INSERT INTO socialmap_search (service_id, name, taxonomy, body) VALUES (%s, %s, %s, %s)",
                [(_db_ids([r[0]])[0], r[1], r[2], r[3]) for r in rows],
            )
    _remember_words(services)
    return len(rows)


def _remember_words(services: list[Service]) -> None:
    counts: dict[str, int] = defaultdict(int)
    for service in services:
        source = " ".join(
            [service.name, service.description, service.eligibility_description]
            + [f"{t.name} {t.keywords}" for t in service.terms.all()]
            + [d.name_nl for d in service.life_domains.all()]
            + [g.name_nl for g in service.target_groups.all()]
        )
        for word in text.words(source):
            if len(word) >= 3 and word not in text.STOPWORDS and not word.isdigit():
                counts[word] += 1
                # Compound parts are words too: "verlening" must be known for "schuldhulp verlening".
                for piece in text.split_compound(word, text.COMPOUND_PARTS) or ():
                    if len(piece) >= 4 and piece not in text.STOPWORDS:
                        counts[piece] += 1
    known = set(SearchWord.objects.filter(word__in=list(counts)).values_list("word", flat=True))
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, stem=text.stem(w), frequency=n) for w, n in counts.items() if w not in known and len(w) <= 100],
        ignore_conflicts=True,
    )


class _Vocabulary:
    """The indexed words, held in memory for spelling correction; reloaded after a reindex or
    after a minute, so edits in another process are picked up."""

    TTL = 60.0

    def __init__(self):
        self._loaded_at = 0.0
        self.stems: set[str] = set()
        self.by_length: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
        self.parts: set[str] = set(text.COMPOUND_PARTS)

    def invalidate(self) -> None:
        self._loaded_at = 0.0

    def ensure(self) -> _Vocabulary:
        if time.monotonic() - self._loaded_at > self.TTL:
            self.stems = set()
            self.by_length = defaultdict(list)
            self.parts = set(text.COMPOUND_PARTS)
            for word, stem, frequency in SearchWord.objects.values_list("word", "stem", "frequency"):
                self.stems.add(stem)
                self.by_length[len(word)].append((word, stem, frequency))
                if len(word) >= 4:
                    self.parts.add(word)
            self._loaded_at = time.monotonic()
        return self

    def closest(self, word: str) -> list[str]:
        """Stems of indexed words within 1 edit (short words) or 2 edits (longer), most frequent first."""
        limit = 1 if len(word) <= 6 else 2
        found = []
        for length in range(len(word) - limit, len(word) + limit + 1):
            for candidate, stem, frequency in self.by_length.get(length, ()):
                if candidate[0] != word[0] and candidate[:2] != word[:2][::-1]:
                    continue
                distance = text.edit_distance(word, candidate, limit)
                if distance <= limit:
                    found.append((distance, -frequency, stem))
        if len(word) >= 7:
            # Another form of the same word ("dementerend" for "dementie"): a long shared start.
            for length, entries in self.by_length.items():
                if length >= 6:
                    for candidate, stem, frequency in entries:
                        if candidate[:6] == word[:6]:
                            found.append((limit + 1, -frequency, stem))
        found.sort()
        return list(dict.fromkeys(stem for _d, _f, stem in found))[:3]


VOCABULARY = _Vocabulary()


# --------------------------------------------------------------------------- the query

@dataclass
class QueryPlan:
    text: str
    stems: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> word searched for
    phrases: list[SearchPhrase] = field(default_factory=list)
    boost_domains: set[int] = field(default_factory=set)
    boost_terms: set = field(default_factory=set)

    @property
    def is_empty(self) -> bool:
        return not self.stems


def plan_query(query: str) -> QueryPlan:
    vocabulary = VOCABULARY.ensure()
    plan = QueryPlan(text=query)
    raw = text.words(query)[:30]
    meaningful = [w for w in raw if w not in text.STOPWORDS]
    stems: list[str] = []
    for i, word in enumerate(meaningful):
        s = text.stem(word)
        if s in vocabulary.stems:
            stems.append(s)
        else:
            pieces = text.split_compound(word, vocabulary.parts)
            known = [text.stem(p) for p in pieces or [] if text.stem(p) in vocabulary.stems]
            if known:
                stems.extend(known)
            elif _joins_neighbour(meaningful, i, vocabulary):
                pass  # "verlening" in "schuldhulp verlening": the joined word is searched below
            elif len(word) >= 4:
                close = vocabulary.closest(word)
                if close:
                    plan.corrections[word] = close[0]
                stems.extend(close)
            else:
                stems.append(s)
        if i + 1 < len(meaningful):
            joined = text.stem(word + meaningful[i + 1])
            if joined in vocabulary.stems:
                stems.append(joined)
    # Curated phrases match on stems, so "vergeten" matches the phrase "vergeet".
    query_stems = {text.stem(w) for w in raw}
    folded = " ".join(raw)
    for phrase in _phrases():
        phrase_words = text.words(phrase.phrase)
        if not phrase_words:
            continue
        if " ".join(phrase_words) in folded or all(text.stem(w) in query_stems for w in phrase_words):
            plan.phrases.append(phrase)
            stems.extend(text.stem(w) for w in text.words(phrase.expansion) if w not in text.STOPWORDS)
            if phrase.life_domain_id:
                plan.boost_domains.add(phrase.life_domain_id)
            if phrase.term_id:
                plan.boost_terms.add(phrase.term_id)
    plan.stems = list(dict.fromkeys(s for s in stems if s))[:40]
    return plan


def _joins_neighbour(words: list[str], i: int, vocabulary: _Vocabulary) -> bool:
    before = text.stem(words[i - 1] + words[i]) if i > 0 else ""
    after = text.stem(words[i] + words[i + 1]) if i + 1 < len(words) else ""
    return bool({before, after} & vocabulary.stems)


_phrase_cache: tuple[float, list[SearchPhrase]] = (0.0, [])


def _phrases() -> list[SearchPhrase]:
    global _phrase_cache
    loaded_at, phrases = _phrase_cache
    if time.monotonic() - loaded_at > _Vocabulary.TTL:
        phrases = list(SearchPhrase.objects.all())
        _phrase_cache = (time.monotonic(), phrases)
    return phrases


def invalidate_phrases() -> None:
    global _phrase_cache
    _phrase_cache = (0.0, [])


def _ranked_ids(stems: list[str], limit: int) -> list[tuple[str, float]]:
    """(service id, score) from the full-text index, best first; higher score is better."""
    if not stems:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsquery = " | ".join(f"{s}:*" if len(s) >= 5 else s for s in stems)
            cursor.execute(
                "SELECT service_id, ts_rank('{0.1, 0.1, 0.5, 1.0}', document, q) AS score "
                "FROM socialmap_search, to_tsquery('simple', %s) q WHERE document @@ q "
                "ORDER BY score DESC LIMIT %s",
                [tsquery, limit],
            )
            return [(str(row[0]), float(row[1])) for row in cursor.fetchall()]
        match = " OR ".join(f'"{s}"*' if len(s) >= 5 else f'"{s}"' for s in stems)
        cursor.execute(
            "SELECT service_id, bm25(socialmap_search, 0, %s, %s, %s) AS score FROM socialmap_search "
            "WHERE socialmap_search MATCH %s ORDER BY score LIMIT %s",
            [WEIGHT_NAME, WEIGHT_TAXONOMY, WEIGHT_BODY, match, limit],
        )
        # bm25 is lower-is-better and negative; flip it.
        return [(str(uuid.UUID(row[0])), -float(row[1])) for row in cursor.fetchall()]


# --------------------------------------------------------------------------- filters

@dataclass
class SearchFilters:
    life_domain: str = ""  # LifeDomain.code
    target_group: str = ""  # TargetGroup.code
    municipality: str = ""  # CBS code
    district: int | None = None
    free: bool = False
    open_now: bool = False
    age: int | None = None
    taxonomy_term_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return any(
            [self.life_domain, self.target_group, self.municipality, self.district, self.free, self.open_now,
             self.age is not None, self.taxonomy_term_id, self.organization_id, self.modified_after]
        )


def open_now_q(now: dt.datetime | None = None) -> Q:
    """Services with an opening period now and no closure today (schedules of the service or of
    one of its locations for it)."""
    now = timezone.localtime(now)
    today, moment, day = now.date(), now.time(), WEEKDAY_CODES[now.weekday()]
    owner = Q(service=OuterRef("pk")) | Q(service_at_location__service=OuterRef("pk"))
    in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    open_period = Schedule.objects.filter(
        owner, in_force, closed=False, byday__contains=day, opens_at__lte=moment, closes_at__gt=moment
    )
    closure = Schedule.objects.filter(owner, in_force, closed=True)
    return Q(Exists(open_period)) & ~Q(Exists(closure))


def apply_filters(qs: models.QuerySet, filters: SearchFilters) -> models.QuerySet:
    if filters.life_domain:
        qs = qs.filter(life_domains__code=filters.life_domain)
    if filters.target_group:
        qs = qs.filter(target_groups__code=filters.target_group)
    if filters.district or filters.municipality:
        # A service without a service area serves everyone; otherwise it must cover the place.
        areas = ServiceArea.objects.filter(service=OuterRef("pk"))
        if filters.district:
            district = District.objects.filter(pk=filters.district).select_related("municipality").first()
            place = Q(district_id=filters.district) | Q(district__isnull=True, municipality__isnull=True)
            if district:
                place |= Q(district__isnull=True, municipality_id=district.municipality_id)
        else:
            place = Q(municipality__code=filters.municipality) | Q(district__municipality__code=filters.municipality) | Q(
                district__isnull=True, municipality__isnull=True
            )
        qs = qs.filter(Q(Exists(areas.filter(place))) | ~Q(Exists(areas)))
    if filters.free:
        qs = qs.filter(free_of_charge=True)
    if filters.open_now:
        qs = qs.filter(open_now_q())
    if filters.age is not None:
        qs = qs.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age)).filter(
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age)
        )
    if filters.taxonomy_term_id:
        qs = qs.filter(terms__id=filters.taxonomy_term_id)
    if filters.organization_id:
        qs = qs.filter(organization_id=filters.organization_id)
    if filters.modified_after:
        qs = qs.filter(modified_at__gt=filters.modified_after)
    return qs


# --------------------------------------------------------------------------- the one search

@dataclass
class Fallback:
    """What a resident sees when nothing fits: our own phone number and the nearest categories."""

    phone: str
    email: str
    service_name: str
    categories: list[TaxonomyTerm]
    life_domains: list[LifeDomain]


@dataclass
class SearchResult:
    services: list[Service]
    total: int
    page: int
    per_page: int
    plan: QueryPlan | None
    fallback: Fallback | None = None

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


def search_services(
    query: str = "",
    filters: SearchFilters | None = None,
    *,
    audience: str = "public",
    page: int = 1,
    per_page: int = 20,
    base: models.QuerySet | None = None,
) -> SearchResult:
    """Search the map. `audience` 'public' shows active, non-archived services only; 'staff' also
    shows inactive ones (never archived ones). Returns one page, best match first."""
    filters = filters or SearchFilters()
    qs = base if base is not None else Service.objects.all()
    qs = qs.public() if audience == "public" else qs.filter(archived_at__isnull=True)
    qs = apply_filters(qs, filters).distinct()
    page = max(1, page)
    plan = plan_query(query) if query.strip() else None
    if plan is None:
        total = qs.count()
        services = list(qs.order_by("name", "pk")[(page - 1) * per_page : page * per_page])
    else:
        ranked = _ranked_ids(plan.stems, CANDIDATE_LIMIT)
        scores = dict(ranked)
        if plan.boost_domains or plan.boost_terms:
            _apply_phrase_boost(scores, plan)
        allowed = set(map(str, qs.filter(pk__in=list(scores)).values_list("pk", flat=True)))
        ordered = sorted((sid for sid in scores if sid in allowed), key=lambda sid: (-scores[sid], sid))
        total = len(ordered)
        page_ids = ordered[(page - 1) * per_page : page * per_page]
        fetch = base if base is not None else Service.objects.all()
        by_id = {str(s.pk): s for s in fetch.filter(pk__in=page_ids)}
        services = [by_id[sid] for sid in page_ids if sid in by_id]
    result = SearchResult(services=services, total=total, page=page, per_page=per_page, plan=plan)
    if total == 0:
        result.fallback = fallback_for(plan)
    return result


def _apply_phrase_boost(scores: dict[str, float], plan: QueryPlan) -> None:
    """Services in a life domain or service type a matched phrase points to rank higher; they
    join the candidates even when their text shares no word with the query."""
    through_domains = Service.life_domains.through.objects.filter(lifedomain_id__in=plan.boost_domains)
    through_terms = ServiceAttribute.objects.filter(taxonomy_term_id__in=plan.boost_terms)
    boosted = {str(sid) for sid in through_terms.values_list("service_id", flat=True)[:CANDIDATE_LIMIT]}
    if not boosted:
        boosted = {str(sid) for sid in through_domains.values_list("service_id", flat=True)[:CANDIDATE_LIMIT]}
    top = max(scores.values(), default=1.0) or 1.0
    for sid in boosted:
        scores[sid] = scores.get(sid, 0.0) + PHRASE_BOOST * 0.1 * top


def fallback_for(plan: QueryPlan | None) -> Fallback:
    profile = ServiceProfile.get()
    terms = TaxonomyTerm.objects.filter(taxonomy_ref__name=NAAST_SERVICE_TYPES)
    categories: list[TaxonomyTerm] = []
    domains: list[LifeDomain] = []
    if plan is not None:
        if plan.boost_terms:
            categories = list(terms.filter(pk__in=plan.boost_terms))
        if plan.boost_domains:
            domains = list(LifeDomain.objects.filter(pk__in=plan.boost_domains))
        if not categories and plan.stems:
            # The service types whose own words come closest to what was typed.
            wanted = set(plan.stems)
            scored = []
            for term in terms:
                own = {text.stem(w) for w in text.words(f"{term.name} {term.keywords}")}
                overlap = len(own & wanted) + sum(1 for s in wanted for o in own if len(s) >= 4 and o.startswith(s[:4]))
                if overlap:
                    scored.append((-overlap, term.name, term))
            categories = [t for _o, _n, t in sorted(scored, key=lambda x: (x[0], x[1]))[:5]]
    if not categories:
        categories = list(terms.annotate(n=models.Count("services")).order_by("-n", "name")[:6])
    return Fallback(phone=profile.phone, email=profile.email, service_name=profile.name, categories=categories,
                    life_domains=domains)


def municipalities_and_districts() -> list[tuple[Municipality, list[District]]]:
    """For the place filter: every municipality with its districts (two queries)."""
    districts = defaultdict(list)
    for district in District.objects.order_by("name"):
        districts[district.municipality_id].append(district)
    return [(m, districts[m.pk]) for m in Municipality.objects.order_by("name")]
