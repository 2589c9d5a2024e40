"""Reads for the registry screens."""

from django.db.models import Q, QuerySet

from naast.privacy.policy import visible_help_requests

from .choices import Status
from .models import HelpRequest


def help_request_list(user, *, query: str = "", status: str = "") -> QuerySet[HelpRequest]:
    """The help requests `user` may see, newest first, filtered by a search text and status."""
    queryset = visible_help_requests(user).select_related("client", "municipality", "organisation")
    if status in Status.values:
        queryset = queryset.filter(status=status)
    elif status == "open":
        queryset = queryset.open()
    query = query.strip()
    if query:
        queryset = queryset.filter(
            Q(reference__iexact=query)
            | Q(reference__icontains=query.upper())
            | Q(client__display_name__icontains=query)
            | Q(client__full_name__icontains=query)
        )
    return queryset.order_by("-received_at", "-pk")
