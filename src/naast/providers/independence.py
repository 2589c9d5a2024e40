"""THE independence rule of the provider register (docs/domain.md §1, §8 "onafhankelijk").

Client support must be independent of the care a resident may be offered and of the
municipality that decides on it. A municipality's arrangement is flagged when one of its
providers is a care provider, belongs to a group that also provides care, or is the municipality
itself; each reason comes with a sentence that says which provider and why, for the staff
overview, the public page, the export and `naast report --kind providers`. Every caller asks
`assess`; nothing else decides a flag.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from naast.core import phones
from naast.organisations.models import MemberOrganisation

CARE_PROVIDER, CARE_GROUP, MUNICIPALITY = "care_provider", "care_group", "municipality"


@dataclass(frozen=True)
class Entry:
    """One provider in one municipality, as the rule needs it (from a `Provision` or a change row)."""

    provider: str
    provider_type: str
    parent_group: str = ""
    parent_provides_care: bool = False
    phone: str = ""

    @property
    def type_label(self) -> str:
        kinds = MemberOrganisation.Kind
        return str(kinds(self.provider_type).label) if self.provider_type in kinds.values else self.provider_type


@dataclass(frozen=True)
class Reason:
    code: str  # care_provider | care_group | municipality
    provider: str
    text: str


@dataclass(frozen=True)
class Assessment:
    reasons: tuple[Reason, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)

    @property
    def text(self) -> str:
        if self.reasons:
            return " ".join(r.text for r in self.reasons)
        return _("No flag: none of the providers is a care provider, belongs to a group that provides care, "
                 "or is the municipality itself.")


def assess(entries: Iterable[Entry]) -> Assessment:
    """The independence flag of one municipality's providers, with a reason per provider and cause."""
    reasons = []
    for entry in sorted(entries, key=lambda e: e.provider.lower()):
        if entry.provider_type == CARE_PROVIDER:
            reasons.append(Reason(CARE_PROVIDER, entry.provider, _(
                "%(provider)s is a care provider: support from a care provider is not independent of the care "
                "the resident is helped to choose.") % {"provider": entry.provider}))
        if entry.parent_group and entry.parent_provides_care:
            reasons.append(Reason(CARE_GROUP, entry.provider, _(
                "%(provider)s belongs to %(group)s, a group that also provides care.")
                % {"provider": entry.provider, "group": entry.parent_group}))
        if entry.provider_type == MUNICIPALITY:
            reasons.append(Reason(MUNICIPALITY, entry.provider, _(
                "%(provider)s is the municipality itself: client support must be independent of the municipality "
                "that decides on provisions.") % {"provider": entry.provider}))
    return Assessment(tuple(reasons))


def access_routes(entries: Iterable[Entry]) -> int:
    """How many different phone numbers a resident of the municipality can call (the same number
    written two ways counts once)."""
    return len({phones.e164(e.phone) for e in entries if e.phone})
