"""Names folded for look-ups: lower case, accents removed, split into words ('Ayşe Yılmaz' ->
['ayse', 'yilmaz']). The desk's look-up (`naast.intake.selectors`) compares names this way and the
registry keeps every client's name words in this form (`naast.registry.models.ClientNameWord`)."""

import re
import unicodedata

# Letters that Unicode does not decompose into a plain letter and an accent.
_UNDECOMPOSED = str.maketrans({
    "ı": "i", "ß": "ss", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
    "ŧ": "t", "Ŧ": "T", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
})

# Longer words are cut to this length in the look-up's index (no name word is this long).
WORD_LENGTH = 40


def words(text: str) -> list[str]:
    """Lower-case words of plain letters a-z, without accents: 'Émile-Jean' -> ['emile', 'jean']."""
    plain = unicodedata.normalize("NFKD", (text or "").translate(_UNDECOMPOSED))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.findall(r"[a-z]+", plain)


def prefix_end(prefix: str) -> str | None:
    """The first word after every word starting with `prefix` (a-z only): 'bak' -> 'bal', 'az' -> 'b';
    None after 'z', 'zz', ... `word >= prefix AND word < prefix_end(prefix)` is a prefix search that
    any B-tree index serves, in any collation (the words hold a-z only)."""
    while prefix and prefix[-1] == "z":
        prefix = prefix[:-1]
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else None
