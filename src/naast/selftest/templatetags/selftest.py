from django import template

register = template.Library()

BADGES = {"yes": "naast-badge--ok", "partly": "naast-badge--warning", "no": "naast-badge--danger"}


@register.filter
def answer_badge(code) -> str:
    """The badge class of an answer: yes green, partly amber, no red, unknown plain."""
    return BADGES.get(code or "", "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
