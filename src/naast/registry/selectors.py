"""Reads for the registry screens."""

import re

from django.apps import apps
from django.db.models import Q, QuerySet

from naast.privacy.policy import visible_help_requests

from .choices import Status
from .models import HelpRequest


def typed_reference(query: str) -> str:
    """A reference as people type or read it out: 'hv pyhm qcd4', 'HVPYHMQCD4' or 'HV.PYHM.QCD4'
    -> 'HV-PYHM-QCD4' (the stored form, see `models.new_reference`); '' for anything else."""
    compact = re.sub(r"[^0-9A-Z]", "", (query or "").upper())
    if not re.fullmatch(r"HV[0-9A-Z]{8}", compact):
        return ""
    return f"HV-{compact[2:6]}-{compact[6:]}"


def help_request_list(user, *, query: str = "", status: str = "") -> QuerySet[HelpRequest]:
    """The help requests `user` may see, newest first, filtered by a search text and status."""
    queryset = visible_help_requests(user).select_related("client", "municipality", "organisation")
    if status in Status.values:
        queryset = queryset.filter(status=status)
    elif status == "open":
        queryset = queryset.open()
    query = query.strip()
    if query:
        condition = (
            Q(reference__iexact=query)
            | Q(reference__icontains=query.upper())
            | Q(client__display_name__icontains=query)
            | Q(client__full_name__icontains=query)
        )
        reference = typed_reference(query)
        if reference:
            condition |= Q(reference=reference)
        queryset = queryset.filter(condition)
    return queryset.order_by("-received_at", "-pk")


def intake_summary(help_request: HelpRequest) -> dict | None:
    """What the resident told the front door, for the request page: how to reach them, their
    language, who asked on their behalf, their messages and requests for another supporter.

    None when the intake app is not installed. Always three queries, however long the history.
    The caller has already checked that the user may see `help_request`.
    """
    if not apps.is_installed("naast.intake"):
        return None
    from naast.intake.forms import language_name
    from naast.intake.models import AnotherSupporterRequest, FollowUpMessage, IntakeDetails

    details = IntakeDetails.objects.filter(help_request=help_request).first()
    client = help_request.client if help_request.client_id else None
    language = (details.preferred_language if details else "") or (client.preferred_language if client else "")
    # The address the resident gave for the way they chose (a letter or a visit needs the address).
    reach_at = ""
    if details and details.contact_way:
        reach_at = {
            "phone": client.phone if client else "",
            "email": client.email if client else "",
        }.get(details.contact_way, details.address)
    return {
        "details": details,
        "language_name": language_name(language),
        "reach_at": reach_at,
        "asker": details if details and (details.on_behalf or details.asker_name) else None,
        "follow_ups": list(FollowUpMessage.objects.filter(help_request=help_request).order_by("created_at")),
        "another_requests": list(
            AnotherSupporterRequest.objects.filter(help_request=help_request).order_by("created_at")
        ),
    }
