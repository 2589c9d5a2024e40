"""{% load resident %} {{ due|resident_date }}: see naast.core.dates."""

from django import template

from naast.core.dates import resident_date as _resident_date

register = template.Library()


@register.filter
def resident_date(value) -> str:
    return _resident_date(value)
