"""Writes to the social map: each a domain verb that keeps the change history and the search
index in step. Views and commands call these; nothing else writes services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import search
from .models import SearchPhrase, Service, ServiceChange

HISTORY_EXCLUDED = {"modified_at", "id"}


def _snapshot(service: Service) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in service._meta.concrete_fields:
        if f.name in HISTORY_EXCLUDED:
            continue
        data[f.name] = f.value_to_string(service)
    if service.pk and not service._state.adding:
        data["life_domains"] = sorted(service.life_domains.values_list("code", flat=True))
        data["target_groups"] = sorted(service.target_groups.values_list("code", flat=True))
        data["terms"] = sorted(service.terms.values_list("name", flat=True))
    return data


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


@transaction.atomic
def save_service(service: Service, *, user, m2m: dict[str, Any] | None = None) -> Service:
    """Create or change a service (from the staff form): writes history and reindexes it."""
    creating = service._state.adding
    before = {} if creating else _snapshot(Service.objects.get(pk=service.pk))
    service.modified_at = timezone.now()
    service.full_clean(exclude=["verified_by"])
    service.save()
    for name, values in (m2m or {}).items():
        getattr(service, name).set(values)
    after = _snapshot(service)
    changes = _diff(before, after)
    if creating or changes:
        ServiceChange.objects.create(
            service=service, user=user, kind=ServiceChange.Kind.CREATED if creating else ServiceChange.Kind.UPDATED,
            changes={} if creating else changes,
        )
    search.reindex([service.pk])
    return service


@transaction.atomic
def verify_service(service: Service, *, user, on: dt.date | None = None) -> Service:
    """Record that someone checked the information with the provider (last checked on)."""
    service.last_verified_on = on or timezone.localdate()
    service.verified_by = user
    service.save(update_fields=["last_verified_on", "verified_by"])
    ServiceChange.objects.create(service=service, user=user, kind=ServiceChange.Kind.VERIFIED,
                                 changes={"last_verified_on": [None, service.last_verified_on.isoformat()]})
    return service


@transaction.atomic
def archive_service(service: Service, *, user) -> Service:
    """Take a service off the map without deleting it: referrals and history keep pointing to it."""
    if service.archived_at is None:
        service.archived_at = timezone.now()
        service.modified_at = service.archived_at
        service.save(update_fields=["archived_at", "modified_at"])
        ServiceChange.objects.create(service=service, user=user, kind=ServiceChange.Kind.ARCHIVED)
    return service


@transaction.atomic
def restore_service(service: Service, *, user) -> Service:
    if service.archived_at is not None:
        service.archived_at = None
        service.modified_at = timezone.now()
        service.save(update_fields=["archived_at", "modified_at"])
        ServiceChange.objects.create(service=service, user=user, kind=ServiceChange.Kind.RESTORED)
    return service


@transaction.atomic
def save_phrase(phrase: SearchPhrase) -> SearchPhrase:
    """Save a curated search phrase; search picks it up at once in this process."""
    phrase.full_clean()
    phrase.save()
    search.invalidate_phrases()
    return phrase


@transaction.atomic
def delete_phrase(phrase: SearchPhrase) -> None:
    phrase.delete()
    search.invalidate_phrases()
