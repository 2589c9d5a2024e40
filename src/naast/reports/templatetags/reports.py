from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from naast.reports.charts import bar_chart as _bar_chart
from naast.reports.definitions import DEFINITIONS

register = template.Library()


@register.simple_tag
def bar_chart(table, chart_id):
    return _bar_chart(table, chart_id)


@register.filter
def cell(row, column):
    """One table cell, formatted for its kind (counts, percentages, euro, hours)."""
    value = row.get(column.key) if isinstance(row, dict) else row
    return show(value, column.kind)


@register.filter
def show(value, kind="count"):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or kind == "bool":
        return _("yes") if value else _("no")
    if kind == "eur":
        return "€ " + number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    if kind == "percent":
        return number_format(value, 1 if isinstance(value, float) else 0, use_l10n=True) + " %"
    if kind == "duration":
        hours, minutes = divmod(int(value), 60)
        return _("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    if isinstance(value, float):
        return number_format(value, 1, use_l10n=True, force_grouping=True)
    if isinstance(value, int):
        return number_format(value, 0, use_l10n=True, force_grouping=True)
    return str(value)


@register.filter
def definition_text(key):
    definition = DEFINITIONS.get(key)
    return definition.text if definition else ""


@register.simple_tag
def row_label(row):
    return str(row.get("label", ""))
