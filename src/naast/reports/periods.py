"""Report periods: a year (`2025`), half-year (`2025-H1`), quarter (`2025-Q3`) or `FROM..TO` (dates, inclusive)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<part>[HQ])(?P<n>\d))?$")


class PeriodError(ValueError):
    """The period text cannot be understood; the message says how to write it."""


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date  # inclusive
    kind: str  # year, half, quarter, custom
    text: str

    @property
    def start(self) -> datetime:
        """The first moment of the period in the service's time zone."""
        return datetime.combine(self.first_day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def end(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return datetime.combine(self.last_day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def year_before(self) -> Period:
        """The same period one year earlier (29 February becomes 28 February)."""
        return Period(_shift_year(self.first_day, -1), _shift_year(self.last_day, -1), self.kind,
                      _shift_text(self))

    def share_of_year(self, year: int) -> float:
        """Which part of `year` (by days) falls inside this period: pro-rates yearly agreements."""
        year_first, year_last = date(year, 1, 1), date(year, 12, 31)
        overlap = (min(self.last_day, year_last) - max(self.first_day, year_first)).days + 1
        return max(overlap, 0) / ((year_last - year_first).days + 1)

    @property
    def years(self) -> range:
        return range(self.first_day.year, self.last_day.year + 1)

    def __str__(self) -> str:
        return self.text


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _shift_text(period: Period) -> str:
    match = PERIOD_RE.match(period.text)
    if match:
        return str(int(match["year"]) - 1) + (f"-{match['part']}{match['n']}" if match["part"] else "")
    return f"{_shift_year(period.first_day, -1).isoformat()}..{_shift_year(period.last_day, -1).isoformat()}"


def example_year(today: date | None = None) -> int:
    """The year the examples in help texts and messages use: last year, always a whole past year."""
    return (today or timezone.localdate()).year - 1


def parse_period(text: str, today: date | None = None, allow_future: bool = False) -> Period:
    """`2025`, `2025-H1`, `2025-Q3` or `2025-01-01..2025-06-30`; raises PeriodError.

    A period that starts after `today` (default: today in the service's time zone) has no figures
    yet and is refused unless `allow_future`; a period that includes today is fine."""
    today = today or timezone.localdate()
    period = _parse(text, example_year(today))
    if not allow_future and period.first_day > today:
        raise PeriodError(_("This period lies in the future. Choose a period that starts today or earlier."))
    return period


def _parse(text: str, year_x: int) -> Period:
    examples = {"year": year_x, "first": f"{year_x}-01-01", "last": f"{year_x}-06-30"}
    text = (text or "").strip().upper().replace(" ", "")
    match = PERIOD_RE.match(text)
    if match:
        year = int(match["year"])
        if not 2000 <= year <= 2100:
            raise PeriodError(_("The year must lie between 2000 and 2100."))
        part, n = match["part"], int(match["n"] or 0)
        if part is None:
            return Period(date(year, 1, 1), date(year, 12, 31), "year", text)
        if part == "H" and n in (1, 2):
            first = date(year, 1 if n == 1 else 7, 1)
            last = date(year, 6, 30) if n == 1 else date(year, 12, 31)
            return Period(first, last, "half", text)
        if part == "Q" and 1 <= n <= 4:
            first = date(year, 3 * n - 2, 1)
            last = (date(year + 1, 1, 1) if n == 4 else date(year, 3 * n + 1, 1)) - timedelta(days=1)
            return Period(first, last, "quarter", text)
        raise PeriodError(_("Use H1 or H2 for a half-year and Q1 to Q4 for a quarter, e.g. %(year)s-H1 or "
                            "%(year)s-Q3.") % examples)
    if ".." in text:
        first_text, _sep, last_text = text.partition("..")
        try:
            first, last = date.fromisoformat(first_text), date.fromisoformat(last_text)
        except ValueError as exc:
            raise PeriodError(_("Write the dates as YYYY-MM-DD, e.g. %(first)s..%(last)s.") % examples) from exc
        if last < first:
            raise PeriodError(_("The end date lies before the start date."))
        if first.year < 2000 or last.year > 2100:
            raise PeriodError(_("The year must lie between 2000 and 2100."))
        return Period(first, last, "custom", f"{first.isoformat()}..{last.isoformat()}")
    raise PeriodError(_("Write the period as %(year)s, %(year)s-H1, %(year)s-Q3 or %(first)s..%(last)s.") % examples)
