from django import template

from ..lockout import duration_text

register = template.Library()


@register.filter
def cool_off_duration(value) -> str:
    """A django-axes cool-off (a timedelta) in words: '15 minutes'."""
    return duration_text(value) if value else ""
