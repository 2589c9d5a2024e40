"""The resident card and the merge of two client records (`naast.intake.resident`)."""

from __future__ import annotations

from django.shortcuts import render

from naast.privacy import policy
from naast.privacy.decorators import client_data_view

from . import resident


@client_data_view
def resident_card(request, number: int):
    """One resident: contact details, every help request the viewer may see with its supporters,
    languages, how they like to be contacted, consents. Audited like a case file."""
    client = policy.get_resident_for(request, number)
    card = resident.resident_card(request.user, client)
    policy.record_many(request, policy.Action.READ, [line.help_request for line in card.requests],
                       reason="resident card")
    return render(request, "intake/resident_card.html", {"card": card, "client": client,
                                                         "can_merge": policy.can_merge_clients(request.user)})
