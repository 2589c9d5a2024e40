"""Shared pieces of the reports' imports: dates, numbers, lookups and the client-key hash."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from naast.core.hashing import keyed_digest
from naast.core.tabular_import import RowError
from naast.organisations.models import MemberOrganisation, Municipality

DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def client_key_hash(key: str) -> str:
    """The salted hash under which an earlier system's client key is stored (never the key itself)."""
    return keyed_digest(key.strip())


def parse_date(value: str, column: str) -> date | None:
    """YYYY-MM-DD or DD-MM-YYYY (as Dutch spreadsheets write it); empty gives None."""
    value = value.strip()
    if not value:
        return None
    try:
        if DUTCH_DATE.match(value):
            day, month, year = (int(p) for p in DUTCH_DATE.match(value).groups())
            return date(year, month, day)
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise RowError(_("%(column)s %(value)r is not a date; write it as YYYY-MM-DD.")
                       % {"column": column, "value": value}) from exc


def parse_int(value: str, column: str, minimum: int = 0) -> int | None:
    value = value.strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", value):  # Dutch thousands separator: 1.200
        value = value.replace(".", "")
    if not value:
        return None
    try:
        number = int(value)
    except ValueError as exc:
        raise RowError(_("%(column)s %(value)r is not a whole number.") % {"column": column, "value": value}) from exc
    if number < minimum:
        raise RowError(_("%(column)s must be at least %(minimum)s.") % {"column": column, "minimum": minimum})
    return number


def parse_decimal(value: str, column: str) -> Decimal | None:
    """1234.50, 1234,50 or 1.234,50 (Dutch) all mean the same amount."""
    value = value.strip().replace("€", "").replace(" ", "")
    if not value:
        return None
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise RowError(_("%(column)s %(value)r is not a number.") % {"column": column, "value": value}) from exc
    if number < 0 or not number.is_finite():
        raise RowError(_("%(column)s must not be negative.") % {"column": column})
    return number


class Lookups:
    """Municipalities and organisations loaded once per import, not once per row."""

    def __init__(self):
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.organisations = {o.name.casefold(): o for o in MemberOrganisation.objects.all()}

    def municipality(self, code: str) -> Municipality:
        code = code.strip().upper()
        try:
            return self.municipalities[code]
        except KeyError:
            raise RowError(_("unknown municipality code %(code)r; import the municipalities first.")
                           % {"code": code}) from None

    def organisation(self, name: str) -> MemberOrganisation:
        try:
            return self.organisations[name.strip().casefold()]
        except KeyError:
            raise RowError(_("unknown organisation %(name)r; use the name exactly as in Naast.")
                           % {"name": name}) from None
