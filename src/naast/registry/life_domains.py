"""`HelpRequest.life_domain_key`: a request's life domains as one column, kept in step with its links.

The monitor report counts the requests received in a period by life domain. Joining the links
table made the database read every link of every year; with the domains on the request row, the
report groups the period's rows by this key in its one scan of the period (a few hundred distinct
keys at most: a request has a few of the 8 domains) and adds the counts up per domain.

The key is the ids of the request's life domains in ascending order, joined by commas ("3,7"; ""
for none). It is written here only, by `store_keys`, which reads the links back from the database:

- every change of the links through the ORM (`.set()`, `.add()`, `.remove()`, `.clear()`, from
  either side) sends `m2m_changed`, connected in `RegistryConfig.ready`;
- `HelpRequest.save()` never writes the column of an existing row (so an instance loaded before a
  change cannot put an old key back) and stores "" for a new one (its links come after it);
- bulk writers that bypass the ORM (the demo data) write the key with the links;
- migration `registry.0010_life_domain_key` filled it for the requests that existed.

`tests/registry/test_life_domain_key.py` checks every one of these paths against the links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models.signals import m2m_changed


def key_of(domain_ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in sorted(set(domain_ids)))


def ids_of(key: str | None) -> list[int]:
    return [int(part) for part in key.split(",")] if key else []


def store_keys(request_ids: Iterable[int]) -> None:
    """Recompute the key of these requests from their links (one read, one UPDATE per distinct key)."""
    from .models import HelpRequest

    request_ids = list(set(request_ids))
    if not request_ids:
        return
    through = HelpRequest.life_domains.through
    domains = defaultdict(list)
    for start in range(0, len(request_ids), 500):
        chunk = request_ids[start:start + 500]
        for request_id, domain_id in through.objects.filter(helprequest_id__in=chunk).values_list(
                "helprequest_id", "lifedomain_id"):
            domains[request_id].append(domain_id)
    by_key = defaultdict(list)
    for request_id in request_ids:
        by_key[key_of(domains.get(request_id, ()))].append(request_id)
    for key, ids in by_key.items():
        for start in range(0, len(ids), 500):
            HelpRequest.objects.filter(pk__in=ids[start:start + 500]).update(life_domain_key=key)


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    from .models import HelpRequest

    if not reverse:  # help_request.life_domains.<action>(...)
        if action in ("post_add", "post_remove", "post_clear"):
            store_keys([instance.pk])
            instance.life_domain_key = HelpRequest.objects.filter(pk=instance.pk).values_list(
                "life_domain_key", flat=True).first() or ""
        return
    # life_domain.help_requests.<action>(...): the requests named, or every request linked before a clear.
    if action == "pre_clear":
        instance._naast_cleared_requests = list(
            sender.objects.filter(lifedomain_id=instance.pk).values_list("helprequest_id", flat=True))
    elif action in ("post_add", "post_remove"):
        store_keys(pk_set or ())
    elif action == "post_clear":
        store_keys(getattr(instance, "_naast_cleared_requests", ()))


def connect() -> None:
    from .models import HelpRequest

    m2m_changed.connect(_links_changed, sender=HelpRequest.life_domains.through,
                        dispatch_uid="registry-life-domain-key")
