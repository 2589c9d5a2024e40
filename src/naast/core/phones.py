"""Phone numbers: validated with `phonenumbers` (Dutch numbers by default).

A number must be one that exists (`is_valid_number`: the right length for its area code, a
mobile or service range), not merely of a possible length: "12345" is refused. Dutch short
numbers that exist (112, the 14 + area code municipal numbers, 116 helplines) are accepted."""

import re

import phonenumbers
from phonenumbers import shortnumberinfo


def parse(number: str) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(number, "NL")
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) or _is_short(parsed) else None


def _is_short(parsed: phonenumbers.PhoneNumber) -> bool:
    return parsed.country_code == 31 and shortnumberinfo.is_valid_short_number_for_region(parsed, "NL")


def is_valid(number: str) -> bool:
    return parse(number) is not None


def e164(number: str) -> str:
    """The number to dial in a tel: link: E.164 (+31…), a short number as it is dialled (112)."""
    parsed = parse(number)
    if parsed is None or _is_short(parsed):
        return re.sub(r"[^\d+]", "", number)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
