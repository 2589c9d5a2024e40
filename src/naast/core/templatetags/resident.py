"""{% load resident %} {{ due|resident_date }}: see naast.core.dates."""

from django import template
from django.utils.html import format_html

from naast.core.dates import resident_date as _resident_date

register = template.Library()


@register.filter
def resident_date(value) -> str:
    return _resident_date(value)


@register.filter
def ltr(value) -> str:
    """A phone number (or code) kept left to right inside a right-to-left page: in Arabic the
    groups of "0522 200 300" would otherwise show in reverse order ("300 200 0522"), and a
    resident would call the wrong number. `{% blocktranslate with phone=service.phone|ltr %}`."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)
