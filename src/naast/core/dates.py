"""How a date is written to a resident: one format for the pages, the e-mails and the letters,
in the resident's language ("dinsdag 9 december 2026", "Tuesday 9 December 2026")."""

from django.utils import formats, timezone

RESIDENT_DATE_FORMAT = "l j F Y"


def resident_date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, RESIDENT_DATE_FORMAT)
