"""What was typed, as a `QueryPlan`: the stems to look for, with words the index does not
know corrected against its vocabulary (compound joining and splitting, then edit distance), and
the curated phrases (`SearchPhrase`) that add the words a professional would use and point to a
life domain or service type ("huur" -> huurachterstand, schuld)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..models import SearchPhrase
from . import text
from .vocabulary import VOCABULARY, Vocabulary


@dataclass
class QueryPlan:
    """A query as searched for: its stems, the words corrected, the phrases matched and what they boost."""

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
    """Stem the typed words the way the index was built; correct the ones it does not know;
    add the words and boosts of every curated phrase the query matches."""
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


def _joins_neighbour(words: list[str], i: int, vocabulary: Vocabulary) -> bool:
    before = text.stem(words[i - 1] + words[i]) if i > 0 else ""
    after = text.stem(words[i] + words[i + 1]) if i + 1 < len(words) else ""
    return bool({before, after} & vocabulary.stems)


_phrase_cache: tuple[float, list[SearchPhrase]] = (0.0, [])


def _phrases() -> list[SearchPhrase]:
    global _phrase_cache
    loaded_at, phrases = _phrase_cache
    if time.monotonic() - loaded_at > Vocabulary.TTL:
        phrases = list(SearchPhrase.objects.all())
        _phrase_cache = (time.monotonic(), phrases)
    return phrases


def invalidate_phrases() -> None:
    """Read the curated phrases again at the next search (after one was saved or deleted)."""
    global _phrase_cache
    _phrase_cache = (0.0, [])
