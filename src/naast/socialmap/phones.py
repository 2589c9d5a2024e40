"""Phone numbers: validated with `phonenumbers` (Dutch numbers by default)."""

import re

import phonenumbers


def parse(number: str) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(number, "NL")
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_possible_number(parsed) else None


def is_valid(number: str) -> bool:
    return parse(number) is not None


def e164(number: str) -> str:
    parsed = parse(number)
    if parsed is None:
        return re.sub(r"[^\d+]", "", number)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
