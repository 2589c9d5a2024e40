"""Two client records of one person become one: the one rule for merging and its undo, used by the
coordinator's pages (`resident_views`). The help requests of the merged record move to the kept
one; the merged record stays (marked `merged_into`, left out of every look-up) so that the merge
can be undone within `ClientMerge.UNDO_DAYS`. Reports count clients through their requests, so the
funder report's unique clients drop by one. The audit log gets a row on each client naming both
numbers (`naast.privacy.policy.record`)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.privacy import policy
from naast.registry.models import Client, ClientMerge, HelpRequest

from .selectors import _name_words

SIMILAR_NAME_RATIO = 0.8


def _user(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def check_mergeable(user, keep: Client, merge: Client) -> None:
    """Raise ValidationError with a message for staff when these two records cannot be merged by
    `user`; PermissionDenied when they may not merge at all."""
    if not policy.can_merge_clients(user):
        raise PermissionDenied
    if keep.pk == merge.pk:
        raise ValidationError(_("Choose two different records."))
    if keep.merged_into_id or merge.merged_into_id:
        raise ValidationError(_("One of these records was already merged into another one."))
    if not (policy.can_view_resident(user, keep) and policy.can_view_resident(user, merge)):
        raise PermissionDenied


def merge_clients(request_or_user, *, keep: Client, merge: Client, reason: str) -> ClientMerge:
    """Move every help request of `merge` to `keep`, in one transaction, and audit it on both."""
    user = _user(request_or_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why these two records are the same person.")})
    with transaction.atomic():
        locked = {c.pk: c for c in Client.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])}
        keep, merge = locked.get(keep.pk, keep), locked.get(merge.pk, merge)
        check_mergeable(user, keep, merge)
        moved = list(HelpRequest.objects.filter(client=merge).order_by("pk").values_list("pk", flat=True))
        HelpRequest.objects.filter(pk__in=moved).update(client=keep)
        merge.merged_into = keep
        merge.save(update_fields=["merged_into"])
        record = ClientMerge.objects.create(kept=keep, merged=merge, moved_requests=moved, reason=reason[:300],
                                            merged_by=user)
        text = f"merge #{record.pk}: client #{merge.pk} merged into #{keep.pk}"
        policy.record(request_or_user, policy.Action.CHANGE, keep, reason=text)
        policy.record(request_or_user, policy.Action.CHANGE, merge, reason=text)
    return record


def surviving_record(client: Client) -> Client | None:
    """The record a merged-away `client` now lives on (following a later merge of that one too), or
    None when `client` was not merged away (or the merge was undone)."""
    seen, current = {client.pk}, client
    while current.merged_into_id and current.merged_into_id not in seen:
        seen.add(current.merged_into_id)
        current = Client.objects.select_related("municipality").get(pk=current.merged_into_id)
    return current if current.pk != client.pk else None


def can_undo(record: ClientMerge, now=None) -> bool:
    return record.undone_at is None and (now or timezone.now()) <= record.undo_until


def undo_merge(request_or_user, record: ClientMerge) -> int:
    """Move the requests that the merge moved back to the merged record (those still with the kept
    one), within `ClientMerge.UNDO_DAYS`; audited on both. Returns how many moved back."""
    user = _user(request_or_user)
    if not policy.can_merge_clients(user):
        raise PermissionDenied
    with transaction.atomic():
        record = ClientMerge.objects.select_for_update().select_related("kept", "merged").get(pk=record.pk)
        if record.undone_at is not None:
            raise ValidationError(_("This merge was already undone."))
        if not can_undo(record):
            raise ValidationError(_("A merge can be undone for %(days)s days; this one is older.")
                                  % {"days": ClientMerge.UNDO_DAYS})
        if not policy.can_view_resident(user, record.kept):
            raise PermissionDenied
        back = HelpRequest.objects.filter(pk__in=record.moved_requests, client=record.kept).update(
            client=record.merged)
        Client.objects.filter(pk=record.merged_id).update(merged_into=None)
        record.undone_at = timezone.now()
        record.undone_by = user
        record.save(update_fields=["undone_at", "undone_by"])
        text = f"merge #{record.pk} undone: client #{record.merged_id} split from #{record.kept_id}"
        policy.record(request_or_user, policy.Action.CHANGE, record.kept, reason=text)
        policy.record(request_or_user, policy.Action.CHANGE, record.merged, reason=text)
    return back


# --- the duplicate finder -----------------------------------------------------------------------
@dataclass
class Pair:
    first: Client
    second: Client
    why: str


def likely_pairs(user, limit: int = 50) -> list[Pair]:
    """Pairs of client records the coordinator may see that are probably one person: the same phone
    number (its last nine digits), the same e-mail address, or a similar name with the same postcode.
    Records already merged are left out."""
    if not policy.can_merge_clients(user):
        return []
    scope = Client.objects.filter(
        merged_into__isnull=True, anonymised_at__isnull=True,
        pk__in=policy.visible_help_requests(user).filter(client__isnull=False).values("client_id"))
    groups: list[tuple[list[int], str]] = []
    # One query per kind of match, not one per shared number, address or postcode; each groups
    # the clients by a look-up key (`Client.phone_key`, `email_key`, `postcode_key`), indexed.
    phones = [key for key in (scope.exclude(phone_key="").values("phone_key").annotate(n=Count("pk"))
                              .filter(n__gt=1).values_list("phone_key", flat=True))
              if sum(ch.isdigit() for ch in key) >= 8][:limit]
    by_phone = defaultdict(list)
    for pk, key in scope.filter(phone_key__in=phones).values_list("pk", "phone_key"):
        by_phone[key].append(pk)
    groups += [(pks, _("same phone number")) for pks in by_phone.values()]
    emails = (scope.exclude(email_key="").values("email_key").annotate(n=Count("pk"))
              .filter(n__gt=1).values_list("email_key", flat=True))
    by_email = defaultdict(list)
    for pk, key in scope.filter(email_key__in=list(emails[:limit])).values_list("pk", "email_key"):
        by_email[key].append(pk)
    groups += [(pks, _("same e-mail address")) for pks in by_email.values()]
    postcodes = (scope.exclude(postcode_key="").values("postcode_key").annotate(n=Count("pk")).filter(n__gt=1)
                 .values_list("postcode_key", flat=True))
    by_postcode = defaultdict(list)
    for postcode, pk, *names in (scope.filter(postcode_key__in=list(postcodes[: limit * 4])).order_by("postcode_key", "pk")
                                 .values_list("postcode_key", "pk", "display_name", "full_name")):
        by_postcode[postcode].append((pk, *names))
    for people in by_postcode.values():
        for i, (pk_a, *names_a) in enumerate(people):
            for pk_b, *names_b in people[i + 1:]:
                if _similar(" ".join(names_a), " ".join(names_b)):
                    groups.append(([pk_a, pk_b], _("similar name, same postcode")))
    seen: dict[tuple[int, int], list[str]] = {}
    for pks, why in groups:
        pks = sorted(set(pks))
        for i, a in enumerate(pks):
            for b in pks[i + 1:]:
                seen.setdefault((a, b), [])
                if why not in seen[(a, b)]:
                    seen[(a, b)].append(why)
    keys = sorted(seen, key=lambda k: (-len(seen[k]), -k[1]))[:limit]
    clients = Client.objects.select_related("municipality").in_bulk({pk for key in keys for pk in key})
    return [Pair(clients[a], clients[b], ", ".join(seen[(a, b)])) for a, b in keys if a in clients and b in clients]


def _similar(name_a: str, name_b: str) -> bool:
    words_a, words_b = _name_words(name_a), _name_words(name_b)
    if not words_a or not words_b:
        return False
    short, other = (words_a, words_b) if len(words_a) <= len(words_b) else (words_b, words_a)
    return all(max(difflib.SequenceMatcher(None, w, o).ratio() for o in other) >= SIMILAR_NAME_RATIO for w in short)


def merges_to_undo(user) -> list[ClientMerge]:
    """The coordinator's recent merges that can still be undone (those they may see)."""
    if not policy.can_merge_clients(user):
        return []
    since = timezone.now() - timedelta(days=ClientMerge.UNDO_DAYS)
    found = ClientMerge.objects.filter(undone_at__isnull=True, merged_at__gte=since).select_related(
        "kept", "merged", "merged_by").order_by("-merged_at")[:50]
    return [m for m in found if policy.can_view_resident(user, m.kept)]
