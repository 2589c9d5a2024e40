"""Dutch text for search: normalising, stemming (Snowball) and splitting compounds.

The same functions prepare the indexed documents and the query, so both sides always agree,
on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from rapidfuzz.distance import OSA

_stemmer = snowballstemmer.stemmer("dutch")
_WORD = re.compile(r"[a-z0-9]+")

# Words that carry no meaning for finding a service ("ik kan mijn huur niet betalen").
STOPWORDS = frozenset(
    """aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
    eens en er ga gaat gaan ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik
    in is ja je jij jou jouw kan kun kunnen kon kunt laat laten maar me meer men met mij mijn moet moeten na
    naar niet niets nog nu of om omdat ons onze ook op over peel reeds s te tegen toch toen tot u uit uw van
    veel voor want waren was wat we wel werd wie wij wil willen word worden wordt zal ze zelf zich zij zijn
    zo zonder zou zouden steeds dingen ding graag iets echt heel erg weet weten hoe help hulp nodig zoek zoeken
    vraag vragen vind vinden beetje soms vaak""".split()
)
# "hulp" and "vraag" are in almost every service text; dropping them keeps ranking sharp.

# Building blocks for splitting compounds ("schuldhulpverlening" -> schuld hulp verlening).
# Words from the indexed names and taxonomy are added at run time (see `vocabulary.Vocabulary`).
COMPOUND_PARTS = frozenset(
    """schuld schulden hulp verlening mantel zorg ondersteuning thuis dag besteding jeugd werk inkomen geld
    zaken budget huur woning wonen vrijwilligers vrijwilliger maatje taal cafe ouderen advies sociaal raads
    lieden administratie formulier formulieren brief brieven psychisch welzijn wijk team dementie geheugen
    contact huis bezoek maaltijd vervoer opvoeding ouder kind kinderen school armoede voedsel bank
    spreekuur inloop ontmoeting punt steun centrum vrouw mannen buurt koffie ochtend middag avond
    loket post digitaal computer les lessen groep dienst diensten aanpassing hulpmiddel middel
    jongeren werker werkers coach coaching maatschappelijk verslaving geweld veilig rouw verwerking
    gezondheid gezin gezins plan plannen klus klussen boodschappen rolstoel taxi energie toeslag""".split()
)


def fold(text: str) -> str:
    """Lower case without accents: 'Cliënt' -> 'client', so residents need not type diacritics."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return text.lower()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def split_compound(word: str, parts: frozenset[str] | set[str], depth: int = 0) -> list[str] | None:
    """Split a word into known parts (longest left part first), allowing a linking 's' or 'en'."""
    if depth > 3 or len(word) < 6:
        return None
    for i in range(len(word) - 3, 2, -1):
        left, right = word[:i], word[i:]
        if left not in parts:
            continue
        for rest in (right, right[1:] if right.startswith("s") else None, right[2:] if right.startswith("en") else None):
            if not rest or len(rest) < 3:
                continue
            if rest in parts:
                return [left, rest]
            deeper = split_compound(rest, parts, depth + 1)
            if deeper:
                return [left, *deeper]
    return None


def index_tokens(text: str, parts: frozenset[str] | set[str] = COMPOUND_PARTS, cache: dict | None = None) -> list[str]:
    """Stems of every word, plus the stems of a compound's parts, for the search document.
    `cache` (word -> tokens) speeds up a bulk reindex, where the same words come back often."""
    tokens: list[str] = []
    for word in words(text):
        if word in STOPWORDS:
            continue
        if cache is not None and word in cache:
            tokens.extend(cache[word])
            continue
        found = [stem(word)]
        # Every part and neighbouring parts too, so "mantelzorg" finds "mantel|zorg|ondersteuning"
        # and "schuldhulp" finds "schuld|hulp|verlening".
        found.extend(stem(piece) for piece in compound_pieces(word, parts) if piece not in STOPWORDS)
        if cache is not None:
            cache[word] = found
        tokens.extend(found)
    return tokens


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein as optimal string alignment (adjacent swaps count once), `limit` + 1
    when above `limit`; computed by rapidfuzz (C++): spelling correction compares a typed word
    with a few hundred indexed words, which cost up to 10 ms per search in Python."""
    return min(OSA.distance(a, b, score_cutoff=limit), limit + 1)


def compound_pieces(word: str, parts: frozenset[str] | set[str]) -> list[str]:
    """Every part of a compound at every level, and neighbouring parts joined: with
    "schuldhulp" a known part, "schuldhulpverlening" gives schuldhulp, verlening, schuld, hulp
    and hulpverlening. The index and the query split words with this one function."""
    pieces = split_compound(word, parts)
    if not pieces:
        return []
    found: list[str] = []
    for piece in pieces:
        found.append(piece)
        found.extend(compound_pieces(piece, parts))
    found.extend(a + b for a, b in zip(pieces, pieces[1:], strict=False))
    return list(dict.fromkeys(found))


# Any script, for the thesaurus: Arabic, Ukrainian and Polish letters are kept (`fold` keeps only
# ASCII, which is right for Dutch service texts but empties an Arabic query).
_ANY_WORD = re.compile(r"\w+")
_LETTERS = str.maketrans({"ł": "l", "ı": "i", "ё": "е", "ї": "і", "ґ": "г", "’": "'", "ʼ": "'",
                          "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ـ": ""})
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")


def concept_tokens(value: str) -> list[str]:
    """Words of any language, lower case, without accents or Arabic vowel marks, and without
    the Arabic article and the prepositions written onto it ("بالوحدة" -> "وحده")."""
    value = unicodedata.normalize("NFKD", (value or "").casefold())
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).translate(_LETTERS)
    value = value.replace("'", "")
    tokens = []
    for token in _ANY_WORD.findall(value):
        for prefix in _ARABIC_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 2:
                token = token[len(prefix):]
                break
        tokens.append(token)
    return tokens
