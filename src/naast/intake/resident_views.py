"""The resident card and the merge of two client records (`naast.intake.resident`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from naast.core.forms import apply_errors, query_int
from naast.privacy import policy
from naast.privacy.decorators import client_data_view
from naast.registry.models import Client, ClientMerge

from . import merging, resident
from .forms import MergeForm


@client_data_view
def resident_card(request, number: int):
    """One resident: contact details, every help request the viewer may see with its supporters,
    languages, how they like to be contacted, consents. Audited like a case file.

    The number of a record merged into another one leads to the record that was kept, for a user who
    may see that one (the look at the old number audited on it); anyone else is refused as before."""
    old = Client.objects.filter(pk=number, merged_into__isnull=False).first()
    survivor = merging.surviving_record(old) if old is not None else None
    if survivor is not None and policy.can_view_resident(request.user, survivor):
        policy.record(request, policy.Action.READ, old, reason=f"resident card: merged into #{survivor.pk}")
        messages.info(request, _("Record %(old)s was merged into record %(kept)s: this is the record that was kept.")
                      % {"old": old.pk, "kept": survivor.pk})
        return redirect("intake:resident", number=survivor.pk)
    client = policy.get_resident_for(request, number)
    card = resident.resident_card(request.user, client)
    policy.record_many(request, policy.Action.READ, [line.help_request for line in card.requests],
                       reason="resident card")
    return render(request, "intake/resident_card.html", {"card": card, "client": client,
                                                         "can_merge": policy.can_merge_clients(request.user)})


@client_data_view
@require_http_methods(["GET", "POST"])
def duplicates(request):
    """The duplicate finder: likely pairs of records of one person, and recent merges to undo."""
    policy.require(policy.can_merge_clients(request.user))
    if request.method == "POST":
        record = ClientMerge.objects.filter(pk=query_int(request.POST, "undo") or 0).first()
        if record is None:
            raise Http404
        try:
            back = merging.undo_merge(request, record)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, ngettext(
                "The merge was undone: %(count)s help request went back to record %(number)s.",
                "The merge was undone: %(count)s help requests went back to record %(number)s.", back)
                % {"count": back, "number": record.merged_id})
        return redirect("intake:duplicates")
    pairs = merging.likely_pairs(request.user)
    recent = merging.merges_to_undo(request.user)
    shown = [c for pair in pairs for c in (pair.first, pair.second)]
    policy.record_many(request, policy.Action.READ, shown, reason="duplicate finder")
    resident.with_last_request(shown)
    return render(request, "intake/duplicates.html", {"pairs": pairs, "recent": recent})


@client_data_view
@require_http_methods(["GET", "POST"])
def merge(request):
    """Two records side by side, then merge them: which one stays, why, and a confirmation."""
    policy.require(policy.can_merge_clients(request.user))
    source = request.POST if request.method == "POST" else request.GET
    numbers = [query_int(source, "first"), query_int(source, "second")]
    if not all(numbers):
        return render(request, "intake/merge.html", {"first": None, "second": None, "form": None})
    first, second = (policy.get_resident_for(request, number, reason="merge: side by side") for number in numbers)
    form = MergeForm(request.POST or None, first=first, second=second)
    error = ""
    try:
        merging.check_mergeable(request.user, first, second)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.method == "POST" and not error and form.is_valid():
        keep, other = (first, second) if form.cleaned_data["keep"] == str(first.pk) else (second, first)
        try:
            record = merging.merge_clients(request, keep=keep, merge=other, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _(
                "Record %(merged)s was merged into record %(kept)s: %(count)s help request(s) moved. You can undo "
                "this on the duplicates page until %(until)s.") % {
                "merged": other.pk, "kept": keep.pk, "count": len(record.moved_requests),
                "until": formats.date_format(record.undo_until, "j F Y")})
            return redirect("intake:resident", number=keep.pk)
    sides = []
    for client in (first, second):
        card = resident.resident_card(request.user, client)
        sides.append(card)
    policy.record_many(request, policy.Action.READ, [line.help_request for card in sides for line in card.requests],
                       reason="merge: side by side")
    return render(request, "intake/merge.html", {"first": first, "second": second, "sides": sides, "form": form,
                                                 "error": error})
