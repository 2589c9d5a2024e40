"""How a report value is shown to a reader: one function for the page, the charts and the PDF.

JSON and CSV keep plain values (numbers, ISO dates); everything a person reads goes through here,
so the page, its charts and the PDF show "€ 44.000,00", "18,5 %" and "10 u 06 min" alike.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def show(value, kind: str = "count") -> str:
    """One value formatted for its kind (counts, percentages, euro, hours, durations) in the active language."""
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


def long_date(value) -> str:
    """A date (or ISO date text) as "1 januari 2025" in the active language."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return dateformat.format(value, "j F Y")


def month_label(value: date | datetime) -> str:
    """A month as "augustus 2025" in the active language."""
    return dateformat.format(value, "F Y")
