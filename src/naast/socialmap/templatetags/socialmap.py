"""Template helpers of the social map."""

import re

from django import template

register = template.Library()

_WORD = re.compile(r"\w+")


def _words(value) -> list[str]:
    return _WORD.findall(str(value or "").casefold())


@register.filter
def already_says(text, phrase) -> bool:
    """Whether `text` already says `phrase`: its words appear in it in a row, whatever the case
    or punctuation ("Gratis." says "Gratis"; "2 weken" says "2 weken"). An empty phrase is said."""
    words, wanted = _words(text), _words(phrase)
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1)) if wanted else True


@register.filter
def term_label(term) -> str:
    """A taxonomy term's name in the page's language (Naast's service types), else its own name."""
    from ..seed import service_type_label

    return service_type_label(term)


@register.filter
def dial(number) -> str:
    """A phone number for a tel: link (as `Phone.dial`)."""
    from naast.core.phones import e164

    return e164(str(number or ""))
