"""The indexed words held in memory: the stems spelling correction chooses from, the parts
compounds are split into, and how many services have a stem (for its rarity in the ranking)."""

from __future__ import annotations

import bisect
import time
from collections import defaultdict

from ..models import SearchPosting, SearchWord, Service
from . import text


class Vocabulary:
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
        self.sorted_words: list[tuple[str, str, int]] = []  # (word, stem, frequency) by word, for prefixes

    def invalidate(self) -> None:
        self._loaded_at = 0.0

    def ensure(self) -> Vocabulary:
        if time.monotonic() - self._loaded_at > self.TTL:
            self.stems = set()
            self.by_length = defaultdict(list)
            self.parts = set(text.COMPOUND_PARTS)
            for word, stem, frequency in SearchWord.objects.values_list("word", "stem", "frequency"):
                self.stems.add(stem)
                self.by_length[len(word)].append((word, stem, frequency))
                if len(word) >= 4:
                    self.parts.add(word)
            self.sorted_words = sorted(entry for entries in self.by_length.values() for entry in entries)
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


VOCABULARY = Vocabulary()
