"""What was typed, as a `QueryPlan`: the stems to look for, with words the index does not
know corrected against its vocabulary (compound splitting, the start of a longer word, compound
joining, then edit distance); the thesaurus (`SearchConcept`: everyday words in six languages ->
the map's own words, weighted above the typed words) and the curated phrases (`SearchPhrase`)
that add the words a professional would use and point to a life domain or service type."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import SearchConcept, SearchPhrase
from . import text
from .vocabulary import VOCABULARY, Vocabulary, changed


@dataclass
class QueryPlan:
    """A query as searched for: its stems, the words corrected, the phrases matched and what they boost."""

    text: str
    stems: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> word searched for
    phrases: list[SearchPhrase] = field(default_factory=list)
    boost_domains: set[int] = field(default_factory=set)
    boost_terms: set = field(default_factory=set)
    concepts: list[SearchConcept] = field(default_factory=list)
    concept_domains: set[int] = field(default_factory=set)  # for the fallback's suggestions only
    # stem -> weight in the ranking: the map words of a matched concept count more than a typed word.
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.stems

    @property
    def only_common_words(self) -> bool:
        """Every typed word is too common to search for ("hulp", "ik zoek hulp"): nothing was
        asked, so nothing was "not found" either."""
        return not [w for w in text.words(self.text) if w not in text.STOPWORDS]


def plan_query(query: str) -> QueryPlan:
    """Stem the typed words the way the index was built; correct the ones it does not know;
    add the words and boosts of every curated phrase the query matches."""
    vocabulary = VOCABULARY.ensure()
    plan = QueryPlan(text=query)
    raw = text.words(query)[:30]
    concept_stems, in_phrases, understood = _match_concepts(query, plan)
    meaningful = [w for w in raw if w not in text.STOPWORDS]
    stems: list[str] = []
    for i, word in enumerate(meaningful):
        s = text.stem(word)
        if s in vocabulary.stems:
            stems.append(s)
        elif word in understood:
            pass  # a concept understood it ("debts", "borçlarım"): no guessing at a Dutch word
        else:
            pieces = text.compound_pieces(word, vocabulary.parts)
            known = [text.stem(p) for p in pieces if text.stem(p) in vocabulary.stems]
            longer = vocabulary.starting_with(word) if len(word) >= 5 else []
            if known or longer:
                # "schuldhulp": its parts and the longer words it begins (schuldhulpverlening).
                stems.extend(longer + known)
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
    # The words of a concept phrase of several words count only through the concept's map words:
    # "maaltijden thuis" is about meals, and "thuis" alone would find Veilig Thuis.
    phrase_stems = {text.stem(w) for w in in_phrases} - set(concept_stems)
    typed = list(dict.fromkeys(s for s in stems if s and s not in phrase_stems))
    plan.weights = {s: CONCEPT_WEIGHT for s in concept_stems}
    plan.weights.update({s: 1.0 for s in typed})
    # Typed words first, then the concepts' map words (the list is cut at 40 stems).
    plan.stems = list(dict.fromkeys(typed + concept_stems))[:40]
    return plan


CONCEPT_WEIGHT = 0.7
_MAX_SUFFIX = 5  # "borçlarım" is "borç" + 5 letters; "ziekenhuis" is not "ziek" + 6


def _token_matches(typed: str, phrase_token: str) -> bool:
    if typed == phrase_token:
        return True
    return len(phrase_token) >= 4 and typed.startswith(phrase_token) and len(typed) - len(phrase_token) <= _MAX_SUFFIX


def _phrase_at(tokens: list[str], phrase: tuple[str, ...]) -> list[int] | None:
    """Positions of the phrase's words in the query, in order, with at most two other words in
    between ("pay my rent" for "pay rent"); None when it does not occur."""
    for start, token in enumerate(tokens):
        if not _token_matches(token, phrase[0]):
            continue
        positions, at = [start], start
        for word in phrase[1:]:
            at = next((j for j in range(at + 1, min(len(tokens), at + 4)) if _token_matches(tokens[j], word)), None)
            if at is None:
                break
            positions.append(at)
        else:
            return positions
    return None


def _match_concepts(query: str, plan: QueryPlan) -> tuple[list[str], set[str], set[str]]:
    """The concepts whose phrases occur in the query (any language): their map words as stems,
    the typed words (folded as `text.words` folds them) taken up by phrases of several words, and
    all typed words a phrase matched."""
    tokens = text.concept_tokens(query)[:30]
    by_start, concepts = _concepts()
    candidates: dict[int, list[tuple[str, ...]]] = {}
    for token in dict.fromkeys(tokens):
        for key in {token[:3], token}:
            for concept_id, phrase in by_start.get(key, ()):
                candidates.setdefault(concept_id, []).append(phrase)
    stems: list[str] = []
    consumed: set[str] = set()
    understood: set[str] = set()
    for concept_id, phrases in candidates.items():
        matched = False
        for phrase in phrases:
            positions = _phrase_at(tokens, phrase)
            if positions is None:
                continue
            matched = True
            understood.update(w for i in positions for w in text.words(tokens[i]))
            if len(positions) > 1:
                consumed.update(w for i in positions for w in text.words(tokens[i]))
        if not matched:
            continue
        concept = concepts[concept_id]
        plan.concepts.append(concept)
        stems.extend(text.stem(w) for w in text.words(concept.expansion) if w not in text.STOPWORDS)
        plan.boost_terms.update(concept.term_ids)
        if concept.life_domain_id:
            plan.concept_domains.add(concept.life_domain_id)
    return list(dict.fromkeys(stems)), consumed, understood


_concept_cache: tuple[tuple | None, dict, dict] = (None, {}, {})


def _concepts() -> tuple[dict[str, list[tuple[int, tuple[str, ...]]]], dict[int, SearchConcept]]:
    """The thesaurus in memory: each phrase as words, filed under its first word's first three
    letters (and the word itself when shorter), so a query looks at a handful of phrases. Read
    again when the index's stamp moved (see `vocabulary`)."""
    global _concept_cache
    loaded_for, by_start, concepts = _concept_cache
    version = VOCABULARY.version
    if loaded_for != version:
        by_start, concepts = {}, {}
        for concept in SearchConcept.objects.prefetch_related("terms"):
            concept.term_ids = [t.pk for t in concept.terms.all()]
            concepts[concept.pk] = concept
            for line in concept.phrases():
                words = tuple(text.concept_tokens(line))
                # A lone word that folds to a Dutch word without meaning ("iş" -> "is") is no phrase.
                if words and not (len(words) == 1 and words[0] in text.STOPWORDS):
                    by_start.setdefault(words[0][:3], []).append((concept.pk, words))
        _concept_cache = (version, by_start, concepts)
    return by_start, concepts


def _joins_neighbour(words: list[str], i: int, vocabulary: Vocabulary) -> bool:
    before = text.stem(words[i - 1] + words[i]) if i > 0 else ""
    after = text.stem(words[i] + words[i + 1]) if i + 1 < len(words) else ""
    return bool({before, after} & vocabulary.stems)


_phrase_cache: tuple[tuple | None, list[SearchPhrase]] = (None, [])


def _phrases() -> list[SearchPhrase]:
    global _phrase_cache
    loaded_for, phrases = _phrase_cache
    version = VOCABULARY.version
    if loaded_for != version:
        phrases = list(SearchPhrase.objects.all())
        _phrase_cache = (version, phrases)
    return phrases


def invalidate_phrases() -> None:
    """After an edit of the curated phrases or the thesaurus: every process reads them again at
    its next search (the index's stamp moves), this one at once."""
    global _phrase_cache, _concept_cache
    _phrase_cache = (None, [])
    _concept_cache = (None, {}, {})
    changed()
