"""The one writer of the provider register: every addition, change and removal goes through here
(the staff pages, `naast import-providers`, the demo), in one transaction with its history row."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.organisations.models import Municipality

from .independence import Entry
from .models import ProviderType, Provision, ProvisionChange, RegisterMunicipality

FIELDS = ("provider", "provider_type", "parent_group", "parent_provides_care", "phone")


def entry_of(row) -> Entry:
    """The rule's view of a `Provision` or a `ProvisionChange`."""
    return Entry(**{name: getattr(row, name) for name in FIELDS})


def _shown(name: str, value) -> str:
    if name == "provider_type":
        return str(ProviderType(value).label) if value in ProviderType.values else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value or "—"


def _summary(before: Entry | None, after: Entry) -> str:
    labels = {"provider": _("provider"), "provider_type": _("type"), "parent_group": _("group"),
              "parent_provides_care": _("group provides care"), "phone": _("phone")}
    if before is None:
        return ""
    old, new = asdict(before), asdict(after)
    return "; ".join(f"{labels[k]}: {_shown(k, old[k])} → {_shown(k, new[k])}" for k in FIELDS if old[k] != new[k])


def _record(provision: Provision, action: str, by, at, summary: str = "") -> ProvisionChange:
    return ProvisionChange.objects.create(
        provision_key=provision.pk, municipality_id=provision.municipality_id, action=action, changed_at=at,
        changed_by=by if by is not None and by.pk else None,
        changed_by_name=(by.get_username() if by is not None else "") or "", summary=summary,
        **{name: getattr(provision, name) for name in FIELDS})


@transaction.atomic
def save_provision(provision: Provision, by=None, at=None) -> str:
    """Add or change one entry (already validated); returns 'created', 'updated' or 'unchanged'."""
    at = at or timezone.now()
    before = None
    if provision.pk:
        old = Provision.objects.select_for_update().get(pk=provision.pk)
        before = entry_of(old)
        if before == entry_of(provision) and old.municipality_id == provision.municipality_id:
            return "unchanged"
    provision.save()
    _record(provision, ProvisionChange.Action.CHANGED if before else ProvisionChange.Action.ADDED, by, at,
            _summary(before, entry_of(provision)))
    return "updated" if before else "created"


@transaction.atomic
def remove_provision(provision: Provision, by=None, at=None) -> None:
    _record(provision, ProvisionChange.Action.REMOVED, by, at or timezone.now())
    provision.delete()


@transaction.atomic
def upsert(municipality, values: dict, by=None, at=None) -> str:
    """The import's and the demo's way in: the entry of `values["provider"]` in `municipality`,
    added or brought up to date."""
    provision = (Provision.objects.filter(municipality=municipality, provider__iexact=values["provider"]).first()
                 or Provision(municipality=municipality))
    for name in FIELDS:
        setattr(provision, name, values[name])
    return save_provision(provision, by=by, at=at)


def register_municipality(code: str, name: str = "", region=None) -> RegisterMunicipality:
    """The register's municipality with this CBS code, added when new (named as given, or as the
    service knows it); `region`, when given, becomes its region."""
    place = RegisterMunicipality.objects.filter(code=code).first()
    if place is None:
        known = Municipality.objects.filter(code=code).values_list("name", flat=True).first()
        place = RegisterMunicipality.objects.create(code=code, name=name or known or code, region=region)
    elif region is not None and place.region_id != region.pk:
        place.region = region
        place.save(update_fields=["region"])
    return place


def municipality_choices() -> list[tuple[str, str]]:
    """(CBS code, name) of every municipality the register knows or the service serves, by name."""
    names = dict(Municipality.objects.values_list("code", "name"))
    names.update(RegisterMunicipality.objects.values_list("code", "name"))
    return sorted(names.items(), key=lambda item: (item[1].lower(), item[0]))
