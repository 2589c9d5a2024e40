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
import json
import math
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.db.models import Exists, F, Func, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from naast.organisations.models import District, Municipality, ServiceProfile
from naast.taxonomies.models import LifeDomain

from . import text
from .models import (
    WEEKDAY_CODES,
    Schedule,
    SearchPhrase,
    SearchPosting,
    SearchWord,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    TaxonomyTerm,
)

CANDIDATE_LIMIT = 500
# Without search words a filter can match most of a large map. Counting stops here ("more than
# 200 services"): nobody reads further, and counting on costs a walk over the whole map.
COUNT_CAP = 200
WEIGHT_NAME, WEIGHT_TAXONOMY, WEIGHT_BODY = 10.0, 5.0, 1.0
PHRASE_BOOST = 2.0
NAAST_SERVICE_TYPES = "naast-service-type"


# --------------------------------------------------------------------------- the index

# Field weights and BM25 constants. Average field lengths are fixed (not measured over the map)
# so that one service's weights do not change when another service is edited.
BM25_K1, BM25_B = 1.2, 0.75
AVERAGE_LENGTH = {"name": 5.0, "taxonomy": 30.0, "body": 40.0}
FIELD_WEIGHT = {"name": WEIGHT_NAME, "taxonomy": WEIGHT_TAXONOMY, "body": WEIGHT_BODY}


def _field_texts(service: Service) -> dict[str, str]:
    taxonomy_text = " ".join(
        [f"{t.name} {t.keywords}" for t in service.terms.all()]
        + [f"{d.name_nl} {d.name_en}" for d in service.life_domains.all()]
        + [f"{g.name_nl} {g.name_en}" for g in service.target_groups.all()]
    )
    body = " ".join(
        [service.description, service.eligibility_description, service.alternate_name,
         service.organization.name if service.organization else ""]
    )
    return {"name": service.name, "taxonomy": taxonomy_text, "body": body}


def document_weights(fields: dict[str, str], parts: set[str], cache: dict | None = None) -> dict[str, float]:
    """stem -> weight of one service: per field the BM25 term-frequency part (saturating in the
    number of occurrences, normalised by field length), times the field's weight, summed."""
    weights: dict[str, float] = defaultdict(float)
    for name, value in fields.items():
        tokens = [t for t in text.index_tokens(value, parts, cache) if len(t) <= 64]
        if not tokens:
            continue
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(tokens) / AVERAGE_LENGTH[name])
        counts: dict[str, int] = defaultdict(int)
        for token in tokens:
            counts[token] += 1
        for token, tf in counts.items():
            weights[token] += FIELD_WEIGHT[name] * tf * (BM25_K1 + 1) / (tf + norm)
    return weights


def _postings(services: Iterable[Service], parts: set[str]) -> list[tuple[str, object, float]]:
    rows = []
    cache: dict[str, list[str]] = {}
    for service in services:
        key = service.pk.hex if connection.vendor == "sqlite" else service.pk
        for stem, weight in document_weights(_field_texts(service), parts, cache).items():
            rows.append((stem, key, round(weight, 4)))
    return rows


def _compound_parts() -> set[str]:
    parts = set(text.COMPOUND_PARTS)
    for term in TaxonomyTerm.objects.only("name", "keywords"):
        parts.update(w for w in text.words(f"{term.name} {term.keywords}") if len(w) >= 4)
    for phrase in SearchPhrase.objects.only("phrase", "expansion"):
        parts.update(w for w in text.words(f"{phrase.phrase} {phrase.expansion}") if len(w) >= 4)
    return parts


def reindex(service_ids: Iterable | None = None, batch_size: int = 2000) -> int:
    """Rebuild the search index (all services, or the given ones) and the vocabulary."""
    parts = _compound_parts()
    qs = Service.objects.select_related("organization").prefetch_related("terms", "life_domains", "target_groups")
    if service_ids is not None:
        ids = [str(i) for i in service_ids]
        if not ids:
            return 0
        qs = qs.filter(pk__in=ids)
        remove_from_index(ids)
    refresh_area_flags(service_ids)
    total = 0
    # A full rebuild writes the rows first and builds the indexes after: one sort instead of
    # millions of inserts scattered over an index.
    with transaction.atomic(), _full_rebuild(service_ids is None):
        batch: list[Service] = []
        for service in qs.order_by("pk").iterator(chunk_size=batch_size):
            batch.append(service)
            if len(batch) >= batch_size:
                total += _write_postings(batch, parts)
                batch = []
        if batch:
            total += _write_postings(batch, parts)
    VOCABULARY.invalidate()
    _forget_popular_terms()
    return total


def refresh_area_flags(service_ids: Iterable | None = None) -> None:
    """Set `has_service_area` from the areas (all services, or the given ones). Every writer
    of the map reindexes what it wrote, so bulk imports keep the flag right too. Only rows whose
    flag is wrong are written."""
    has_area = Exists(ServiceArea.objects.filter(service_id=OuterRef("pk")))

    def fix(services: models.QuerySet) -> None:
        services.filter(has_service_area=False).filter(has_area).update(has_service_area=True)
        services.filter(has_service_area=True).filter(~has_area).update(has_service_area=False)

    if service_ids is None:
        fix(Service.objects.all())
        return
    ids = [str(i) for i in service_ids]
    for start in range(0, len(ids), 500):
        fix(Service.objects.filter(pk__in=ids[start : start + 500]))


@contextmanager
def _full_rebuild(full: bool):
    if not full:
        yield
        return
    quote = connection.ops.quote_name
    table = SearchPosting._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL refuses TRUNCATE and CREATE INDEX on a table with deferred foreign-key
            # checks still pending in this transaction: check them as rows are written instead.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _clear_index()
        for index in SearchPosting._meta.indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {quote(index.name)}")
        yield
        for index in SearchPosting._meta.indexes:
            columns = ", ".join(
                quote(SearchPosting._meta.get_field(name.lstrip("-")).column) + (" DESC" if name.startswith("-") else "")
                for name in index.fields
            )
            cursor.execute(f"CREATE INDEX {quote(index.name)} ON {quote(table)} ({columns})")
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _clear_index() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {SearchPosting._meta.db_table}")
        else:
            cursor.execute(f"DELETE FROM {SearchPosting._meta.db_table}")
    SearchWord.objects.all().delete()


def remove_from_index(service_ids: Iterable) -> None:
    ids = [str(i) for i in service_ids]
    for start in range(0, len(ids), 500):
        SearchPosting.objects.filter(service_id__in=ids[start : start + 500])._raw_delete(connection.alias)


def _write_postings(services: list[Service], parts: set[str]) -> int:
    rows = _postings(services, parts)
    table = SearchPosting._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a statement per row (millions on a large map).
            with cursor.cursor.copy(f"COPY {table} (stem, service_id, weight) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} (stem, service_id, weight) VALUES (%s, %s, %s)", rows)
    _remember_words(services)
    return len(services)


def _remember_words(services: list[Service]) -> None:
    counts: dict[str, int] = defaultdict(int)
    pieces_of: dict[str, list[str]] = {}
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
                if word not in pieces_of:
                    pieces_of[word] = text.split_compound(word, text.COMPOUND_PARTS) or []
                for piece in pieces_of[word]:
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
        self.documents = 0  # services in the map, for the rarity of a word (idf)
        self.frequency: dict[str, int] = {}  # stem -> number of services with it, read when first asked

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
            self.documents = Service.objects.count()
            self.frequency = {}
            self._loaded_at = time.monotonic()
        return self

    def document_frequency(self, stems: list[str], cursor) -> dict[str, int]:
        missing = [s for s in stems if s not in self.frequency]
        if missing:
            cursor.execute(
                f"SELECT stem, COUNT(*) FROM {SearchPosting._meta.db_table} WHERE stem IN "
                f"({','.join(['%s'] * len(missing))}) GROUP BY stem",
                missing,
            )
            # Only words that are in the index are remembered: one added in another process is
            # found at once, not after the next reload.
            self.frequency.update(cursor.fetchall())
        return {s: self.frequency.get(s, 0) for s in stems}

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
    folded = f" {' '.join(raw)} "
    for phrase in _phrases():
        phrase_words = text.words(phrase.phrase)
        if not phrase_words:
            continue
        # Short words match only as typed: the stem of "moet" is "moe".
        if f" {' '.join(phrase_words)} " in folded or all(
            (f" {w} " in folded) if len(w) <= 4 else (text.stem(w) in query_stems) for w in phrase_words
        ):
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
    """(service id as 32 hex digits, score) from the search index, best first; higher is better.

    BM25: each stem counts with its rarity (idf) times its stored weight for the service. Only the
    `limit` best services per stem are read, through the (stem, weight) index, so a common word
    in a large map costs no more than a rare one."""
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
        idf = {s: math.log(1 + (documents - frequency[s] + 0.5) / (frequency[s] + 0.5)) for s in found}
        service_id = "replace(service_id::text, '-', '')" if connection.vendor == "postgresql" else "service_id"
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT * FROM (SELECT stem, {service_id}, weight FROM {table} WHERE stem = %s "
                f"ORDER BY weight DESC LIMIT %s) AS best{i}"
                for i in range(len(found))
            ),
            [value for s in found for value in (s, limit)],
        )
        scores: dict[str, float] = defaultdict(float)
        for stem, hex_id, weight in cursor.fetchall():
            scores[hex_id] += idf[stem] * weight  # ids stay 32 hex digits: no UUID objects
    best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return best[:limit]


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
    # Staff only: archived services instead of the ones on the map (to find and restore them).
    # The public audience never sees archived services, whatever this says.
    archived: bool = False

    @property
    def active(self) -> bool:
        return any(
            [self.life_domain, self.target_group, self.municipality, self.district, self.free, self.open_now,
             self.age is not None, self.taxonomy_term_id, self.organization_id, self.modified_after, self.archived]
        )


class _PerRow(Exists):
    """EXISTS asked per service walked. Expecting many services, PostgreSQL would rather hash
    the whole subquery table first, not knowing that the walk stops when a page is full; OFFSET 0
    keeps the subquery a lookup per row (PostgreSQL does not flatten a subquery with OFFSET)."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra_context)


def _has_schedule(schedules: models.QuerySet) -> Q:
    """Per service: one of these schedules is its own, or one of its locations' for it. Each step
    is an index lookup (written as a join, PostgreSQL may scan every schedule per service)."""
    at_location = ServiceAtLocation.objects.filter(service_id=OuterRef("pk")).filter(
        _PerRow(schedules.filter(service_at_location_id=OuterRef("pk")))
    )
    return Q(_PerRow(schedules.filter(service=OuterRef("pk")))) | Q(_PerRow(at_location))


SPARSE_OPEN = 2000


def open_now_q(now: dt.datetime | None = None) -> Q:
    """Services with an opening period now and no closure today (schedules of the service or of
    one of its locations for it).

    When few services are open (evenings, nights) the database reads them as a list of ids;
    when many are, it checks each service it walks (in name order) for an open period, and
    stops as soon as a page is full. Closures are checked per service walked, never listed: a
    map keeps its old closures, so that list only grows. Either way the work does not grow with
    the map."""
    now = timezone.localtime(now)
    today, moment, day = now.date(), now.time(), WEEKDAY_CODES[now.weekday()]
    in_force = Schedule.objects.filter(
        (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    )
    period = Q(byday__contains=day, opens_at__lte=moment, closes_at__gt=moment)
    # As a list, `closed__in` rather than `closed=`: Django writes `closed=False` as a bare
    # `NOT "closed"`, which no index serves; `IN (...)` uses the (closed, opens_at) index. Per
    # service the bare form is what we want: the service's own index is the one to use there.
    open_list = in_force.filter(period, closed__in=[False])
    not_closed = ~_has_schedule(in_force.filter(closed=True))
    # One read of the open periods: each is the service's own or a location's for a service.
    rows = [own or at_location for own, at_location in open_list.order_by().values_list(
        _hex("service_id"), _hex("service_at_location__service_id"))[: SPARSE_OPEN + 1]]
    if len(rows) <= SPARSE_OPEN:
        # Few open (or none, between the day's and the evening's hours): the page is read from
        # this list; as a subquery the database would walk the whole map looking for them.
        if not rows:
            return _IdList(pk__in=[])
        return _IdList(_in_id_set(Service, sorted(set(rows))), not_closed)
    return _has_schedule(in_force.filter(period, closed=False)) & not_closed


def _place_q(filters: SearchFilters) -> Q:
    """A service without a service area serves everyone; otherwise one of its areas must cover
    the place (the district itself, its whole municipality, or everywhere)."""
    everywhere = Q(district__isnull=True, municipality__isnull=True)
    if filters.district:
        municipality_id = District.objects.filter(pk=filters.district).values_list("municipality_id", flat=True).first()
        covers = Q(district_id=filters.district) | everywhere
        if municipality_id:
            covers |= Q(district__isnull=True, municipality_id=municipality_id)
    else:
        municipality_id = Municipality.objects.filter(code=filters.municipality).values_list("pk", flat=True).first()
        covers = everywhere
        if municipality_id:
            districts = list(District.objects.filter(municipality_id=municipality_id).values_list("pk", flat=True))
            covers |= Q(municipality_id=municipality_id) | Q(district_id__in=districts)
    # The covering areas are few (a list); "has no area at all" is a column of the service, so
    # no database builds a list of every area in the map to answer it.
    return Q(pk__in=ServiceArea.objects.filter(covers).values("service_id")) | Q(has_service_area=False)


SPARSE_LINKS = 5000


def _linked_q(model: type[models.Model], **lookup) -> Q:
    """Services linked to a life domain, target group or service type.

    A broad link (a quarter of the map) is asked per service while the map is walked in name
    order, so the walk stops as soon as a page is full. A narrow one (a few thousand services)
    is read as a list of ids: its services may all sort late by name ("Schuldhulp ..."), and a
    walk in name order would pass most of the map before it found a page."""
    links = model.objects.filter(**lookup)
    if links.order_by()[:SPARSE_LINKS].count() < SPARSE_LINKS:
        return _IdList(pk__in=links.values("service_id"))
    return Q(_PerRow(model.objects.filter(service_id=OuterRef("pk"), **lookup)))


class _IdList(Q):
    """A filter read as a short list of service ids: the page is then sorted from that list
    rather than found by walking the whole map in name order."""


def filter_conditions(filters: SearchFilters) -> list[Q]:
    """One condition per chosen filter. EXISTS and id sets instead of joins: no duplicate rows,
    so no DISTINCT over the whole map."""
    conditions = []
    if filters.life_domain:
        conditions.append(_linked_q(Service.life_domains.through, lifedomain__code=filters.life_domain))
    if filters.target_group:
        conditions.append(_linked_q(Service.target_groups.through, targetgroup__code=filters.target_group))
    if filters.district or filters.municipality:
        conditions.append(_place_q(filters))
    if filters.free:
        conditions.append(Q(free_of_charge=True))
    if filters.open_now:
        conditions.append(open_now_q())
    if filters.age is not None:
        conditions.append((Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age))
                          & (Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age)))
    if filters.taxonomy_term_id:
        conditions.append(_linked_q(ServiceAttribute, taxonomy_term_id=filters.taxonomy_term_id))
    if filters.organization_id:
        conditions.append(Q(organization_id=filters.organization_id))
    if filters.modified_after:
        conditions.append(Q(modified_at__gt=filters.modified_after))
    return conditions


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

    exact: bool = False

    @property
    def count_cap(self) -> int:
        return COUNT_CAP

    @property
    def capped(self) -> bool:
        return not self.exact and self.total > COUNT_CAP

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
    exact_count: bool = False,
) -> SearchResult:
    """Search the map. `audience` 'public' shows active, non-archived services only; 'staff' also
    shows inactive ones, and with `filters.archived` only the archived ones instead. Returns one
    page, best match first."""
    filters = filters or SearchFilters()
    qs = base if base is not None else Service.objects.all()
    if audience == "public":
        qs = qs.public()
    else:
        qs = qs.filter(archived_at__isnull=not filters.archived)
    conditions = filter_conditions(filters)
    qs = qs.filter(*conditions)
    narrow = any(isinstance(condition, _IdList) for condition in conditions)
    page = max(1, page)
    plan = plan_query(query) if query.strip() else None
    if plan is None:
        # Counting every match of a broad filter over a large map is the slow part; beyond the
        # cap the page says "more than".
        total = qs.count() if exact_count else qs.order_by()[: COUNT_CAP + 1].count()
        # After a narrowing filter, sort its few services by name; `name || ''` keeps the
        # database from walking its name index instead (the filter's services may all sort late).
        name = Concat(F("name"), Value("")) if narrow else F("name")
        services = list(qs.order_by(name, "pk")[(page - 1) * per_page : page * per_page])
    else:
        ranked = _ranked_ids(plan.stems, CANDIDATE_LIMIT)
        scores = dict(ranked)
        if plan.boost_domains or plan.boost_terms:
            _apply_phrase_boost(scores, plan)
        allowed = _hex_ids(qs.filter(_in_id_set(qs.model, list(scores))))
        ordered = sorted((sid for sid in scores if sid in allowed), key=lambda sid: (-scores[sid], sid))
        total = len(ordered)
        page_ids = ordered[(page - 1) * per_page : page * per_page]
        fetch = base if base is not None else Service.objects.all()
        by_id = {s.pk.hex: s for s in fetch.filter(pk__in=page_ids)}
        services = [by_id[sid] for sid in page_ids if sid in by_id]
    result = SearchResult(services=services, total=total, page=page, per_page=per_page, plan=plan,
                          exact=exact_count or plan is not None)
    if total == 0:
        result.fallback = fallback_for(plan)
    return result


def _hex(field: str) -> models.Expression:
    """A service id as 32 hex digits, converted in the database: turning hundreds of ids into
    UUID objects and back costs more than the query."""
    if connection.vendor == "postgresql":
        return Func(Cast(field, models.TextField()), Value("-"), Value(""), function="replace",
                    output_field=models.TextField())
    return Cast(field, models.TextField())


def _hex_ids(qs: models.QuerySet, field: str = "pk", limit: int | None = None) -> set[str]:
    return set(qs.values_list(_hex(field), flat=True)[:limit])


def _in_id_set(model: type[models.Model], ids: list[str]) -> RawSQL:
    """Restrict to these services, with the ids as one SQL parameter: Django's `pk__in` with
    hundreds of UUIDs costs more time to build than the query takes to run. On PostgreSQL an
    array (`= ANY`), which the planner reads through the primary key; as a subquery it may scan
    the whole map and join."""
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(model._meta.pk.column)}"
    if connection.vendor == "postgresql":
        return RawSQL(f"{column} = ANY(%s::uuid[])", [ids], output_field=models.BooleanField())
    return RawSQL(f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)], output_field=models.BooleanField())


def _apply_phrase_boost(scores: dict[str, float], plan: QueryPlan) -> None:
    """Services in a life domain or service type a matched phrase points to rank higher; they
    join the candidates even when their text shares no word with the query."""
    through_domains = Service.life_domains.through.objects.filter(lifedomain_id__in=plan.boost_domains)
    through_terms = ServiceAttribute.objects.filter(taxonomy_term_id__in=plan.boost_terms)
    boosted = _hex_ids(through_terms, "service_id", CANDIDATE_LIMIT)
    if not boosted:
        boosted = _hex_ids(through_domains, "service_id", CANDIDATE_LIMIT)
    top = max(scores.values(), default=1.0) or 1.0
    for sid in boosted:
        scores[sid] = scores.get(sid, 0.0) + PHRASE_BOOST * 0.1 * top


_popular_terms: tuple[float, list] = (0.0, [])


def _popular_term_ids() -> list:
    """The six service types with the most services: counting them reads every link in the map,
    so the answer is kept for a minute (it hardly changes)."""
    global _popular_terms
    loaded_at, ids = _popular_terms
    if time.monotonic() - loaded_at > _Vocabulary.TTL:
        terms = TaxonomyTerm.objects.filter(taxonomy_ref__name=NAAST_SERVICE_TYPES)
        ids = list(terms.annotate(n=models.Count("services")).order_by("-n", "name").values_list("pk", flat=True)[:6])
        _popular_terms = (time.monotonic(), ids)
    return ids


def _forget_popular_terms() -> None:
    global _popular_terms
    _popular_terms = (0.0, [])


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
        categories = list(terms.filter(pk__in=_popular_term_ids()))
        categories.sort(key=lambda term: _popular_term_ids().index(term.pk))
    return Fallback(phone=profile.phone, email=profile.email, service_name=profile.name, categories=categories,
                    life_domains=domains)


def municipalities_and_districts() -> list[tuple[Municipality, list[District]]]:
    """For the place filter: every municipality with its districts (two queries)."""
    districts = defaultdict(list)
    for district in District.objects.order_by("name"):
        districts[district.municipality_id].append(district)
    return [(m, districts[m.pk]) for m in Municipality.objects.order_by("name")]
