"""The search index: one `SearchPosting` row per stem and service with the stem's BM25 term
weight for that service (its rarity is added when searching), the same on SQLite and PostgreSQL,
and the word list (`SearchWord`) that spelling correction reads; `reindex` rebuilds both for all
services or the given ones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat

from ..models import (
    SearchConcept,
    SearchFacet,
    SearchPhrase,
    SearchPosting,
    SearchStem,
    SearchWord,
    Service,
    ServiceArea,
    ServiceAttribute,
    TaxonomyTerm,
)
from . import text
from .fallback import forget_popular_terms
from .ids import as_hex
from .vocabulary import changed

# A service's text in three fields, weighted: name > taxonomy (service types, life domains,
# target groups and their search words) > body (description, eligibility, alternate name, organisation).
WEIGHT_NAME, WEIGHT_TAXONOMY, WEIGHT_BODY = 10.0, 5.0, 1.0

# BM25 constants. Average field lengths are fixed (not measured over the map) so that one
# service's weights do not change when another service is edited.
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
    for expansion in SearchConcept.objects.values_list("expansion", flat=True):
        parts.update(w for w in text.words(expansion) if len(w) >= 4)
    return parts


def reindex(service_ids: Iterable | None = None, batch_size: int = 2000) -> int:
    """Rebuild the search index (all services, or the given ones) and the vocabulary."""
    parts = _compound_parts()
    qs = Service.objects.select_related("organization").prefetch_related("terms", "life_domains", "target_groups")
    if service_ids is not None:
        ids = [str(i) for i in service_ids]
        if not ids:
            return 0
    full = service_ids is None
    # The stems' counts move once, by what the services lose and gain together (`_move_stem_counts`).
    delta: dict[str, int] | None = None if full else defaultdict(int)
    if not full:
        qs = qs.filter(pk__in=ids)
    refresh_area_flags(service_ids)
    total = 0
    # A full rebuild writes the rows first and builds the indexes after: one sort instead of
    # millions of inserts scattered over an index; its stems are counted once at the end. The old
    # lines go in the same transaction as the new ones and the counts.
    with transaction.atomic():
        if not full:
            _lock_services(ids)
            remove_from_index(ids, delta)
        with _full_rebuild(full):
            batch: list[Service] = []
            for service in qs.order_by("pk").iterator(chunk_size=batch_size):
                batch.append(service)
                if len(batch) >= batch_size:
                    total += _write_postings(batch, parts, delta)
                    batch = []
            if batch:
                total += _write_postings(batch, parts, delta)
            write_facets(None if full else ids)
        if full:
            _count_every_stem()
        else:
            _move_stem_counts(delta)
    changed(full=service_ids is None)
    forget_popular_terms()
    return total


def _lock_services(ids: list[str]) -> None:
    """Two writers reindexing the same service one after the other, never at once: at once, both
    read its old lines and both wrote new ones (its words counted twice in the ranking, and the
    stems' counts off). Locked in id order, so two writers never wait for each other crosswise;
    on SQLite, where one writer at a time holds the database, this asks nothing more."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), 2000):
        list(Service.objects.select_for_update().filter(pk__in=ordered[start : start + 2000])
             .order_by("pk").values_list("pk", flat=True))


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
    SearchStem.objects.all()._raw_delete(connection.alias)


def _count_every_stem() -> None:
    """`SearchStem` written afresh from the postings (after a full rebuild), in the database."""
    SearchStem.objects.all()._raw_delete(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {SearchStem._meta.db_table} (stem, documents) "
                       f"SELECT stem, COUNT(*) FROM {SearchPosting._meta.db_table} GROUP BY stem")


def _move_stem_counts(delta: dict[str, int]) -> None:
    """Add `delta` (stem -> services gained, or lost when negative) to `SearchStem`, in the same
    transaction as the postings they count: one statement per stem, all in stem order, so two
    writers never wait for each other crosswise (a writer's losses and gains in one pass); a
    count never drops below zero."""
    table = connection.ops.quote_name(SearchStem._meta.db_table)
    rows = [(stem, max(n, 0), n, n) for stem, n in sorted(delta.items()) if n]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (stem, documents) VALUES (%s, %s) ON CONFLICT (stem) DO UPDATE SET "
                f"documents = CASE WHEN {table}.documents + %s > 0 THEN {table}.documents + %s ELSE 0 END", rows)


def remove_from_index(service_ids: Iterable, delta: dict[str, int] | None = None) -> None:
    """Remove these services from the index; the stems they lose are counted down at once, or
    added to `delta` for the caller to apply with what the services gain (`reindex`)."""
    ids = [str(i) for i in service_ids]
    lost: dict[str, int] = defaultdict(int) if delta is None else delta
    for start in range(0, len(ids), 500):
        postings = SearchPosting.objects.filter(service_id__in=ids[start : start + 500])
        # One posting per stem and service: the services that lose each stem.
        for stem, n in postings.order_by().values_list("stem").annotate(n=models.Count("*")):
            lost[stem] -= n
        postings._raw_delete(connection.alias)
        SearchFacet.objects.filter(service_id__in=ids[start : start + 500])._raw_delete(connection.alias)
    if delta is None:
        _move_stem_counts(lost)


def facet_key(kind: str, value) -> str:
    """The facet of a link: "domain:<life domain id>", "group:<target group id>" or
    "type:<service type (taxonomy term) id as 32 hex digits>"; the same as `write_facets` writes."""
    return f"{kind}:{value.hex if kind == 'type' else value}"


def _facet_rows(service_ids: list[str] | None) -> list[models.QuerySet]:
    """(facet, name, service) of every link of these services (all when None), in SQL."""
    def text_of(field: str) -> models.Expression:
        return Cast(field, models.TextField())

    through = {"domain": (Service.life_domains.through, "lifedomain_id", text_of),
               "group": (Service.target_groups.through, "targetgroup_id", text_of),
               "type": (ServiceAttribute, "taxonomy_term_id", as_hex)}
    selects = []
    for kind, (model, column, as_text) in through.items():
        qs = model.objects.all() if service_ids is None else model.objects.filter(service_id__in=service_ids)
        selects.append(qs.order_by().values_list(Concat(Value(f"{kind}:"), as_text(column), output_field=models.TextField()), "service__name", "service_id"))
    return selects


def write_facets(service_ids: list[str] | None = None) -> None:
    """Write the facets (`SearchFacet`) of these services (all when None) from their links, in
    the database (INSERT ... SELECT): nothing read into Python. Their old lines must be gone
    (`remove_from_index`, or the whole table for all)."""
    table = connection.ops.quote_name(SearchFacet._meta.db_table)
    if service_ids is None:
        SearchFacet.objects.all()._raw_delete(connection.alias)
        chunks: list[list[str] | None] = [None]
    else:
        chunks = [service_ids[start : start + 500] for start in range(0, len(service_ids), 500)]
    with connection.cursor() as cursor:
        for chunk in chunks:
            for qs in _facet_rows(chunk):
                sql, params = qs.query.sql_with_params()
                cursor.execute(f"INSERT INTO {table} (facet, name, service_id) {sql}", params)


def _write_postings(services: list[Service], parts: set[str], delta: dict[str, int] | None = None) -> int:
    """Write these services' postings (their old ones must be gone); with `delta`, count the
    stems they gain into it (a full rebuild counts every stem once at the end instead)."""
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
    if delta is not None:
        for stem, _service, _weight in rows:
            delta[stem] += 1
    _remember_words(services, parts)
    return len(services)


def _remember_words(services: list[Service], parts: set[str]) -> None:
    counts: dict[str, int] = defaultdict(int)
    pieces_of: dict[str, list[str]] = {}
    for service in services:
        # Every word a search can match (`_field_texts`): a word known only from the organisation's
        # name ("Humanitas") must be in the word list too, or a query never asks for it.
        source = " ".join(
            [service.name, service.description, service.eligibility_description, service.alternate_name,
             service.organization.name if service.organization else ""]
            + [f"{t.name} {t.keywords}" for t in service.terms.all()]
            + [d.name_nl for d in service.life_domains.all()]
            + [g.name_nl for g in service.target_groups.all()]
        )
        for word in text.words(source):
            if len(word) >= 3 and word not in text.STOPWORDS and not word.isdigit():
                counts[word] += 1
                # Compound parts are words too, split as the index splits them: "verlening" must be
                # known for "schuldhulp verlening", "schuldhulp" for itself.
                if word not in pieces_of:
                    pieces_of[word] = text.compound_pieces(word, parts)
                for piece in pieces_of[word]:
                    if len(piece) >= 4 and piece not in text.STOPWORDS:
                        counts[piece] += 1
    known = set(SearchWord.objects.filter(word__in=list(counts)).values_list("word", flat=True))
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, stem=text.stem(w), frequency=n) for w, n in counts.items() if w not in known and len(w) <= 100],
        ignore_conflicts=True,
    )
