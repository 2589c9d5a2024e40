"""Reads of the provider register: the regional overview now or as of a past date, and the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from naast.accounts.roles import Role

from .independence import Assessment, Entry, access_routes, assess
from .models import Provision, ProvisionChange, Region, RegisterMunicipality
from .services import entry_of

READERS = (Role.FUNDER, Role.AUDITOR, Role.COORDINATOR, Role.ADMIN)
EDITORS = (Role.COORDINATOR, Role.ADMIN)


def can_read(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*READERS))


def can_edit(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*EDITORS))


@dataclass
class MunicipalityRow:
    code: str
    name: str
    entries: list[tuple[int | None, Entry]]  # (Provision pk now, or None as of a past date; entry)
    routes: int
    assessment: Assessment

    @property
    def flagged(self) -> bool:
        return self.assessment.flagged


def end_of(day: date) -> datetime:
    """The first moment after `day` in the service's time zone: "as of 1 March" includes 1 March."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def register_as_of(day: date | None = None) -> dict[int, list[tuple[int | None, Entry]]]:
    """municipality id -> its entries: today's register, or the one at the end of `day`, rebuilt
    from the history (the latest change of every entry up to then, unless it was a removal)."""
    found: dict[int, list] = {}
    if day is None:
        for provision in Provision.objects.order_by("provider"):
            found.setdefault(provision.municipality_id, []).append((provision.pk, entry_of(provision)))
        return found
    latest: dict[int, ProvisionChange] = {}
    for change in ProvisionChange.objects.filter(changed_at__lt=end_of(day)).order_by("changed_at", "id"):
        latest[change.provision_key] = change
    for change in sorted(latest.values(), key=lambda c: c.provider.lower()):
        if change.action != ProvisionChange.Action.REMOVED:
            found.setdefault(change.municipality_id, []).append((None, entry_of(change)))
    return found


def overview(region: Region | None = None, as_of: date | None = None,
             municipality_code: str | None = None) -> list[MunicipalityRow]:
    """Every municipality of `region` (all with providers when None; one by its CBS code), its
    providers, the number of access routes and the independence flag with its reasons."""
    register = register_as_of(as_of)
    if municipality_code is not None:
        municipalities = list(RegisterMunicipality.objects.filter(code=municipality_code))
    elif region is not None:
        municipalities = list(region.municipalities.order_by("name"))
    else:
        municipalities = list(RegisterMunicipality.objects.filter(pk__in=register).order_by("name"))
    rows = []
    for muni in municipalities:
        entries = register.get(muni.pk, [])
        plain = [entry for _pk, entry in entries]
        rows.append(MunicipalityRow(muni.code, muni.name, entries, access_routes(plain), assess(plain)))
    return rows


def history(region: Region | None = None, limit: int = 200):
    changes = ProvisionChange.objects.select_related("municipality")
    if region is not None:
        changes = changes.filter(municipality__region=region)
    return changes[:limit]
