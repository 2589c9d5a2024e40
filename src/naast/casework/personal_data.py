"""Likely personal data in a text that is to leave the case file (a signal's shareable text).

`find_personal_data(text, names)` is the one detector: every caller (the coordinator's review
page, `services.approve_signal`) uses it, so what the screen flags is what the service refuses.
It looks for

- names from the case (`names_in_case`: the resident's name and initials, the name of whoever
  asked on their behalf, the other helpers'), as whole words, ignoring case and accents;
- phone numbers (`phonenumbers.PhoneNumberMatcher`, region NL) written with a leading 0 or +
  and at least nine digits after the trunk prefix: personal and business lines; the short
  numbers of services (0800, 0900, 14 + area code) are not flagged;
- e-mail addresses; Dutch postcodes ("9991 AB", "9991ab"); IBANs (checksum);
- numbers of nine digits that pass the 11-proef of a citizen service number (BSN);
- dates: a day with a month ("3-4-1980", "3 april", "1980-04-03"; written in figures only with
  the year) and "geboren (in) 1980".

A year alone ("2025"), a month with a year ("maart 2025") and amounts or durations ("wachtlijst
van 12 weken") are not personal and are not flagged. The detector cannot know every name; the
coordinator still reads the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext_lazy as _

from naast.core.extensions import case_names

KINDS = {
    "name": _("Name from the case"),
    "phone": _("Phone number"),
    "email": _("E-mail address"),
    "postcode": _("Postcode"),
    "bsn": _("Citizen service number (BSN)"),
    "iban": _("Bank account (IBAN)"),
    "date": _("Date"),
}


@dataclass(frozen=True)
class Finding:
    kind: str  # a key of KINDS
    text: str  # the piece of the text, as written
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


# --- names ---------------------------------------------------------------------------------------
# Parts of a name that are words of their own: never flagged alone (a name as a whole still is).
NAME_PARTICLES = {
    "van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "la", "le", "du", "da", "di", "von", "vd",
    "mevrouw", "meneer", "mevr", "mw", "dhr", "heer", "familie", "fam", "inwoner", "onbekend", "anoniem",
}


def _fold(text: str) -> str:
    """Lower case without accents, one character for each character (positions stay the same)."""
    folded = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)[:1] or char
        folded.append(base.lower()[:1] or base)
    return "".join(folded)


def _name_patterns(names: Iterable[str]) -> list[str]:
    """Each name whole, and each of its parts of two letters or more that is not a particle."""
    found = set()
    for name in names:
        words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", _fold(name or ""))
        if not words:
            continue
        if len(words) > 1:
            found.add(" ".join(words))
        found.update(w for w in words if len(w) >= 2 and w not in NAME_PARTICLES)
    return sorted(found, key=len, reverse=True)


def _find_names(text: str, names: Iterable[str]) -> list[Finding]:
    folded = _fold(text)
    findings = []
    for name in _name_patterns(names):
        words = [re.escape(w) for w in name.split(" ")]
        pattern = r"(?<![^\W\d_])" + r"\s+".join(words) + r"(?![^\W\d_])"
        for match in re.finditer(pattern, folded):
            findings.append(Finding("name", text[match.start():match.end()], match.start(), match.end()))
    return findings


# --- numbers and addresses -----------------------------------------------------------------------
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3}(?: ?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})(?![\w])")
BSN = re.compile(r"(?<![\d.,-])(\d{4}[. ]?\d{2}[. ]?\d{3}|\d{3}[. ]\d{3}[. ]\d{3})(?![\d,-]|\.\d)")
IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\w])", re.IGNORECASE)
MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|m(?:aa)?rt|maart|march|mar|apr(?:il)?|mei|may|jun[ie]?|"
          r"jul[iy]?|aug(?:ustus|ust)?|sep(?:t(?:ember)?)?|o[kc]t(?:ober)?|nov(?:ember)?|dec(?:ember)?")
DATES = [
    # Numbers need the year: "3-4 keer per week" and "12/3" are not dates.
    re.compile(r"(?<![\d-])(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|1[0-2])\1(?:19|20)?\d{2}(?![\d-])"),
    re.compile(r"(?<![\d-])(?:19|20)\d{2}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])(?![\d-])"),
    re.compile(rf"(?<![\w])(?:0?[1-9]|[12]\d|3[01])(?:e|ste|de)?\s+(?:{MONTHS})\.?(?:\s+(?:19|20)\d{{2}})?(?![\w])",
               re.IGNORECASE),
    re.compile(r"(?<![\w])(?:geboren|geb\.|geboortejaar|born)(?:\s+(?:in|op))?\s*:?\s*(?:19|20)\d{2}(?![\w])",
               re.IGNORECASE),
]


def bsn_valid(digits: str) -> bool:
    """The 11-proef of a citizen service number (nine digits; weights 9 to 2, and −1 for the last)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def iban_valid(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    digits = "".join(str(int(char, 36)) for char in moved)
    return int(digits) % 97 == 1


def _find_phones(text: str) -> list[Finding]:
    findings = []
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string.lstrip("(")
        if not raw.startswith(("0", "+")):
            continue  # "123456782" is a number, not a number to call: the BSN check looks at it
        if len(phonenumbers.national_significant_number(match.number)) < 9:
            continue  # a service's short number (0800-1234, 14 0521)
        findings.append(Finding("phone", match.raw_string, match.start, match.end))
    return findings


def names_in_case(help_request) -> list[str]:
    """The names recorded with the request by every app (the resident's, the asker's, other helpers')."""
    return case_names(help_request)


def find_personal_data(text: str, names: Iterable[str] = ()) -> list[Finding]:
    """The pieces of `text` that are likely personal data, in the order they appear (no overlaps)."""
    text = text or ""
    findings: list[Finding] = []
    for pattern in DATES:
        findings += [Finding("date", m.group(), m.start(), m.end()) for m in pattern.finditer(text)]
    findings += [Finding("email", m.group(), m.start(), m.end()) for m in EMAIL.finditer(text)]
    findings += [Finding("iban", m.group(), m.start(), m.end()) for m in IBAN.finditer(text) if iban_valid(m.group())]
    findings += [Finding("bsn", m.group(), m.start(), m.end()) for m in BSN.finditer(text)
                 if bsn_valid(re.sub(r"\D", "", m.group()))]
    findings += [Finding("postcode", m.group(), m.start(), m.end()) for m in POSTCODE.finditer(text)]
    findings += _find_phones(text)
    findings += _find_names(text, names)
    # Earlier kinds win where two overlap (a date is not also a phone number); then in text order.
    kept: list[Finding] = []
    for finding in findings:
        if not any(finding.start < other.end and other.start < finding.end for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)
