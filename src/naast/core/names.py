"""Names folded for look-ups: lower case, accents removed, split into words ('Ayşe Yılmaz' ->
['ayse', 'yilmaz']). The desk's look-up (`naast.intake.selectors`) compares names this way and the
registry keeps every client's name words in this form (`naast.registry.models.ClientNameWord`)."""

import re

from anyascii import anyascii

# Longer words are cut to this length in the look-up's index (no name word is this long).
WORD_LENGTH = 40


def words(text: str) -> list[str]:
    """Lower-case words of plain letters a-z, any script written in Latin letters (anyascii):
    'Émile-Jean' -> ['emile', 'jean'], 'Олена Коваль' -> ['olena', 'koval'], 'أحمد' -> ['hmd'].
    A name typed in its own script at one desk is found when typed in either script at another."""
    return re.findall(r"[a-z]+", anyascii(text or "").lower())


def prefix_end(prefix: str) -> str | None:
    """The first word after every word starting with `prefix` (a-z only): 'bak' -> 'bal', 'az' -> 'b';
    None after 'z', 'zz', ... `word >= prefix AND word < prefix_end(prefix)` is a prefix search that
    any B-tree index serves, in any collation (the words hold a-z only)."""
    while prefix and prefix[-1] == "z":
        prefix = prefix[:-1]
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else None
