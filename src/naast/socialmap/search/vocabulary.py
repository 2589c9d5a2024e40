"""The indexed words held in memory: the stems spelling correction chooses from, the parts
compounds are split into, and how many services have a stem (for its rarity in the ranking; read
by key from `SearchStem`, which the index's writer keeps, as a search first asks for the stem
after the stamp moved).

Every process keeps them up to date without a stall: writers move a stamp in the database
(`SearchIndexState`, see `changed`); a search looks at it at most once a second (one read by
primary key) and, when it moved, reads only the words added since (word ids only grow). The
whole list is read again only after a full rebuild of the index (a new `generation`) and in the
process that made the change (it may have rolled back what it wrote)."""

from __future__ import annotations

import bisect
import time
from collections import defaultdict

from django.db import models

from ..models import SearchIndexState, SearchStem, SearchWord, Service
from . import text


def stamp() -> tuple[int, int, int]:
    """(generation, version, documents) as the writers left them; zeros before the first write."""
    row = SearchIndexState.objects.filter(pk=1).values_list("generation", "version", "documents").first()
    return tuple(row) if row else (0, 0, 0)


def changed(full: bool = False) -> None:
    """Tell every process that the index, the word list, the phrases or the thesaurus changed
    (`full`: the whole index was rebuilt); this process reads the change at its next search."""
    moved = {"version": models.F("version") + 1, "documents": Service.objects.count()}
    if full:
        moved["generation"] = models.F("generation") + 1
    if not SearchIndexState.objects.filter(pk=1).update(**moved):
        SearchIndexState.objects.get_or_create(pk=1, defaults={"version": 1, "generation": int(full),
                                                               "documents": moved["documents"]})
    VOCABULARY.invalidate()


class Vocabulary:
    """The indexed words, held in memory for spelling correction; brought up to date when the
    stamp in the database moved (looked at once a second at most), so edits in another process
    are picked up without a restart."""

    CHECK_EVERY = 1.0  # seconds between two looks at the stamp

    def __init__(self):
        self.epoch = 0  # moves when this process changed something (see `invalidate`)
        self._checked_at = -1e9
        self._stamp: tuple[int, int, int] | None = None  # what the words in memory reflect
        self._last_id = 0  # highest SearchWord id read
        self.stems: set[str] = set()
        # (length, first letter) -> (word, stem, frequency): the words spelling correction compares.
        self.by_length: dict[tuple[int, str], list[tuple[str, str, int]]] = defaultdict(list)
        self.parts: set[str] = set(text.COMPOUND_PARTS)
        self.documents = 0  # services in the map, for the rarity of a word (idf)
        self.frequency: dict[str, int] = {}  # stem -> number of services with it, read when first asked after the stamp moved
        self.sorted_words: list[tuple[str, str, int]] = []  # (word, stem, frequency) by word, for prefixes

    @property
    def version(self) -> tuple[int, int]:
        """(generation, version) of what is in memory, for other caches keyed on the same stamp."""
        return self.ensure()._stamp[:2]

    @property
    def cache_key(self) -> tuple:
        """What a cache of facts read from the map is valid for (see `StampCache`): the stamp,
        and this process's own changes (after a rollback the stamp may return to a value
        already seen, with other data behind it)."""
        self.ensure()
        return (self.epoch, self._stamp)

    def invalidate(self) -> None:
        """Read every word again at the next search (this process changed something)."""
        self.epoch += 1
        self._checked_at = -1e9
        self._stamp = None

    def ensure(self) -> Vocabulary:
        now = time.monotonic()
        if now - self._checked_at < self.CHECK_EVERY and self._stamp is not None:
            return self
        self._checked_at = now
        current = stamp()
        if current == self._stamp:
            return self
        if self._stamp is None or current[0] != self._stamp[0] or current[1] < self._stamp[1]:
            self._reset()  # a full rebuild (or another database): every word again
        # The stems' counts are read again as they are asked for (by key, `SearchStem`): a word's
        # rarity follows every edit.
        self.frequency = {}
        self._read_new_words()
        self.documents = current[2] or Service.objects.count()
        self._stamp = current
        return self

    def _reset(self) -> None:
        self._last_id = 0
        self.stems = set()
        self.by_length = defaultdict(list)
        self.parts = set(text.COMPOUND_PARTS)
        self.sorted_words = []
        self.frequency = {}

    def _read_new_words(self) -> None:
        rows = list(SearchWord.objects.filter(pk__gt=self._last_id).order_by("pk")
                    .values_list("pk", "word", "stem", "frequency"))
        if not rows:
            return
        for pk, word, stem, frequency in rows:
            entry = (word, stem, frequency)
            self.stems.add(stem)
            self.by_length[len(word), word[:1]].append(entry)
            if len(word) >= 4:
                self.parts.add(word)
            if len(rows) < 100:
                bisect.insort(self.sorted_words, entry)
            self._last_id = max(self._last_id, pk)
        if len(rows) >= 100:
            self.sorted_words = sorted(entry for entries in self.by_length.values() for entry in entries)

    def document_frequency(self, stems: list[str], cursor) -> dict[str, int]:
        """stem -> how many services have it (0: not in the index), as the index's writer counted
        it (`SearchStem`, read by key)."""
        missing = [s for s in stems if s not in self.frequency]
        if missing:
            cursor.execute(
                f"SELECT stem, documents FROM {SearchStem._meta.db_table} WHERE documents > 0 AND stem IN "
                f"({','.join(['%s'] * len(missing))})",
                missing,
            )
            # Only words that are in the index are remembered: one added in another process is
            # found at once, not after the next reload.
            self.frequency.update(cursor.fetchall())
        return {s: self.frequency.get(s, 0) for s in stems}

    def starting_with(self, prefix: str, limit: int = 3) -> list[str]:
        """Stems of indexed words that begin with `prefix` ("schuldhulp" -> schuldhulpverlening),
        the most frequent first."""
        start = bisect.bisect_left(self.sorted_words, (prefix,))
        found = []
        for word, stem, frequency in self.sorted_words[start : start + 200]:
            if not word.startswith(prefix):
                break
            found.append((-frequency, stem))
        found.sort()
        return list(dict.fromkeys(stem for _f, stem in found))[:limit]

    def closest(self, word: str) -> list[str]:
        """Stems of indexed words within 1 edit (short words) or 2 edits (longer), most frequent
        first. Only words of a near length that start with the same letter, or with the first two
        letters swapped, are compared (read from `by_length` by length and first letter)."""
        limit = 1 if len(word) <= 6 else 2
        found = []
        swapped = word[:2][::-1]
        for length in range(len(word) - limit, len(word) + limit + 1):
            candidates = list(self.by_length.get((length, word[:1]), ()))
            if swapped != word[:2]:
                candidates += [e for e in self.by_length.get((length, swapped[:1]), ()) if e[0][:2] == swapped]
            for candidate, stem, frequency in candidates:
                distance = text.edit_distance(word, candidate, limit)
                if distance <= limit:
                    found.append((distance, -frequency, stem))
        if len(word) >= 7:
            # Another form of the same word ("dementerend" for "dementie"): a long shared start.
            at = bisect.bisect_left(self.sorted_words, (word[:6],))
            while at < len(self.sorted_words) and self.sorted_words[at][0][:6] == word[:6]:
                _candidate, stem, frequency = self.sorted_words[at]
                found.append((limit + 1, -frequency, stem))
                at += 1
        found.sort()
        return list(dict.fromkeys(stem for _d, _f, stem in found))[:3]


VOCABULARY = Vocabulary()


class StampCache:
    """Facts read from the map that hold until the index's stamp moves: every writer of the map
    reindexes what it wrote, and that moves the stamp (`changed`). In the writing process the
    cache is emptied at once; another process sees the new stamp at its next search after at
    most `Vocabulary.CHECK_EVERY` seconds, as it sees new words. One rule for every such cache."""

    MAX_ENTRIES = 512  # keys that move with the clock (the day, the hour) are dropped now and then

    def __init__(self, max_entries: int | None = None):
        self.max_entries = max_entries or self.MAX_ENTRIES
        self._key: tuple | None = None
        self._values: dict = {}

    def get(self, key, compute):
        current = VOCABULARY.cache_key
        if current != self._key or len(self._values) >= self.max_entries:
            self._key, self._values = current, {}
        if key not in self._values:
            self._values[key] = compute()
        return self._values[key]
