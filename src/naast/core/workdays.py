"""Dutch working days: weekdays that are not Dutch public holidays (package `holidays`)."""

from datetime import date, datetime, timedelta
from functools import cache

import holidays


@cache
def _holidays_for(year: int) -> frozenset[date]:
    return frozenset(holidays.Netherlands(years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def add_working_days(start: date | datetime, days: int):
    """The moment `days` working days after `start`, keeping the time of day.

    A request received on a Friday afternoon with 3 working days is due on Wednesday
    afternoon; received on a holiday or weekend, counting starts from the next working day.
    """
    current = start
    added = 0
    while added < days:
        current = current + timedelta(days=1)
        day = current.date() if isinstance(current, datetime) else current
        if is_working_day(day):
            added += 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
