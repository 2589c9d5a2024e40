"""Flesch-Douma reading ease for Dutch (Douma 1960, Flesch's formula refitted to Dutch):

    score = 206.84 - 0.77 * (syllables per 100 words) - 0.93 * (average words per sentence)

Higher is easier: 60-70 is "fairly easy", about what B1 plain language reaches; 70-80 "easy".
Syllables are counted as groups of vowels (a e i o u y and their accented forms), with the
Dutch diphthongs and long vowels (aa, ee, ie, oe, ou, ui, ij, eu, ...) as one group because
they are written as adjacent vowels; an "ë" or "ï" (trema) starts a new syllable. Words are
runs of letters; sentences end at . ! ? or : followed by a space, or at the end of a text.
Placeholders (%(name)s, {{ name }}), HTML tags and URLs are left out before counting.
"""

import re

VOWELS = "aeiouyáéíóúàèìòùâêîôûäöüÿ"
_CLEAN = re.compile(r"%\(\w+\)[sd]|\{\{[^}]*\}\}|\{\w*\}|<[^>]+>|https?://\S+|\S+@\S+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE = re.compile(r"[.!?:]+(?:\s+|$)")


def syllables(word: str) -> int:
    word = word.lower()
    count, previous_vowel = 0, False
    for ch in word:
        if ch in "ëï":
            count += 1  # a trema always starts a syllable: "financiële", "geïnteresseerd"
            previous_vowel = True
        elif ch in VOWELS:
            if not previous_vowel:
                count += 1
            previous_vowel = True
        else:
            previous_vowel = False
    return max(count, 1)


def sentences(text: str) -> list[str]:
    text = _CLEAN.sub(" ", text)
    return [part for part in _SENTENCE.split(text) if _WORD.search(part)]


def flesch_douma(texts: list[str]) -> float:
    words, sentence_count, syllable_count = 0, 0, 0
    for text in texts:
        for sentence in sentences(text):
            found = _WORD.findall(sentence)
            words += len(found)
            syllable_count += sum(syllables(w) for w in found)
            sentence_count += 1
    if not words:
        return 0.0
    return 206.84 - 0.77 * (100 * syllable_count / words) - 0.93 * (words / sentence_count)
