"""Staff pages for the registry: the list of help requests and one request's page."""

from django.core.paginator import Paginator
from django.shortcuts import render

from naast.core.forms import query_text
from naast.privacy import policy
from naast.privacy.decorators import client_data_view

from .choices import Status
from .selectors import help_request_list, intake_summary


@client_data_view
def request_list(request):
    policy.require(policy.sees_client_data(request.user))
    query = query_text(request.GET)
    status = request.GET.get("status", "open")
    page = Paginator(help_request_list(request.user, query=query, status=status), 50).get_page(request.GET.get("page"))
    policy.record_many(request, policy.Action.READ, page.object_list, reason="list")
    return render(
        request,
        "registry/request_list.html",
        {"page": page, "query": query, "status": status, "statuses": Status.choices},
    )


@client_data_view
def request_detail(request, reference: str):
    help_request = policy.get_help_request_for(request, reference)
    return render(
        request,
        "registry/request_detail.html",
        {
            "hr": help_request,
            "life_domains": help_request.life_domains.all(),
            "assignments": help_request.assignments.filter(ended_at__isnull=True).select_related("supporter"),
            "can_change": policy.can_change_help_request(request.user, help_request),
            "can_view_case_file": policy.can_view_case_file(request.user, help_request),
            # What the resident told the front door (None without the intake app).
            "intake": intake_summary(help_request),
        },
    )
