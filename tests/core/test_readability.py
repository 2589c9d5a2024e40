"""Plain Dutch (B1) on the residents' side (issue 17): the Dutch public texts (every public string
of `naast.conf.public_texts` in the Dutch catalogues, and the Dutch privacy and accessibility
statements) reach a Flesch-Douma reading ease of at least 65 ("fairly easy", the level of B1
plain language), and no sentence is longer than 25 words. The formula and how it counts are in
`tests/core/readability.py`."""

import re
from pathlib import Path

import pytest
from django.utils import translation

import naast
from naast.core import translations

from .readability import flesch_douma, sentences, syllables

THRESHOLD = 65
LONGEST_SENTENCE = 25


@pytest.fixture(scope="module")
def dutch_public_texts():
    texts = []
    with translation.override("nl"):
        for entry in translations.public_template():
            if entry.msgid_plural:
                text = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
            elif entry.msgctxt:
                text = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                text = translation.gettext(entry.msgid)
            texts.append(text)
    root = Path(naast.__file__).parent / "core" / "templates" / "core"
    for name in ("privacy.html", "accessibility.html"):
        body = (root / name).read_text(encoding="utf-8")
        body = body[body.index('<div lang="nl">'):]
        texts.extend(re.sub(r"\{[%#].*?[%#]\}", " ", part) for part in re.split(r"</(?:p|li|h2)>", body))
    return texts


def test_the_syllable_count_follows_dutch_spelling():
    assert [syllables(w) for w in ("huis", "vraag", "gemeente", "cliëntondersteuner", "financiële")] == [1, 1, 3, 6, 5]


def test_a_hard_text_scores_lower_than_a_plain_one():
    plain = ["U kunt ons bellen. Wij helpen u graag. Het is gratis."]
    hard = ["Teneinde de onafhankelijke cliëntondersteuning overeenkomstig de wettelijke bepalingen te "
            "effectueren, verzoeken wij belanghebbenden hun aanvraagformulier volledig geadministreerd te retourneren."]
    assert flesch_douma(plain) > THRESHOLD > flesch_douma(hard)


def test_dutch_public_texts_are_plain(dutch_public_texts):
    long_enough = [t for t in dutch_public_texts if len(t.split()) >= 5]  # labels alone would flatter
    score = flesch_douma(long_enough)
    print(f"Flesch-Douma of the Dutch public texts: {score:.1f} (at least {THRESHOLD})")
    assert score >= THRESHOLD, f"Flesch-Douma {score:.1f}, needs at least {THRESHOLD}"


def test_no_public_sentence_is_too_long(dutch_public_texts):
    too_long = [s.strip() for t in dutch_public_texts for s in sentences(t) if len(s.split()) > LONGEST_SENTENCE]
    assert too_long == []
