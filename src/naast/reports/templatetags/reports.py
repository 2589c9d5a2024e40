from django import template

from naast.reports import display
from naast.reports.charts import bar_chart as _bar_chart
from naast.reports.definitions import definitions

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
    return display.show(value, kind)


@register.filter
def long_date(value):
    """An ISO date as "1 januari 2025"."""
    return display.long_date(value) if value else ""


@register.filter
def definition_text(key):
    definition = definitions().get(key)
    return definition.text if definition else ""


@register.simple_tag
def row_label(row):
    return str(row.get("label", ""))
