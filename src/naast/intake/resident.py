"""One resident, one record: the resident card (`/staff/inwoner/<number>/`), what tells residents
apart in a look-up, and the merge of two records of one person.

The card is need-to-know like a case file (`policy.can_view_resident`): it lists only the help
requests the viewer may see (`policy.visible_help_requests`), and the consents only from case files
the viewer may open. Requests the viewer may not see are left out without a word ("when in doubt,
show less", docs/domain.md §2): even their number would say that the resident went elsewhere."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, Subquery

from naast.core.extensions import resident_card_sections
from naast.privacy import policy
from naast.registry.choices import Status
from naast.registry.models import Assignment, Client, HelpRequest

from .forms import language_name
from .models import IntakeDetails


@dataclass
class RequestLine:
    help_request: HelpRequest
    supporters: list[Assignment] = field(default_factory=list)  # active ones first, then earlier ones
    can_open_case_file: bool = False
    can_correct: bool = False


@dataclass
class ResidentCard:
    client: Client
    requests: list[RequestLine]
    languages: list[str]
    contact_way: str  # the way asked for most recently, as text ("" when nobody asked)
    sections: list
    correct_url_reference: str = ""  # a request on which the viewer may correct the contact details


def resident_card(user, client: Client) -> ResidentCard:
    """Everything on one resident's card that `user` may see. The caller has checked
    `policy.get_resident_for` (and with it the audit row of the client)."""
    visible = policy.visible_help_requests(user, HelpRequest.objects.filter(client=client))
    requests = list(visible.select_related("organisation", "municipality").order_by("-received_at"))
    assignments: dict[int, list[Assignment]] = {}
    for assignment in (Assignment.objects.filter(help_request__in=[r.pk for r in requests])
                       .select_related("supporter").order_by("ended_at", "-assigned_at")):
        assignments.setdefault(assignment.help_request_id, []).append(assignment)
    lines = []
    for hr in requests:
        supporters = sorted(assignments.get(hr.pk, []), key=lambda a: (a.ended_at is not None, a.assigned_at))
        lines.append(RequestLine(hr, supporters, policy.can_view_case_file(user, hr), policy.can_correct(user, hr)))
    details = list(IntakeDetails.objects.filter(help_request__in=[r.pk for r in requests])
                   .order_by("-created_at").values("preferred_language", "contact_way"))
    codes = [client.preferred_language, *(d["preferred_language"] for d in details)]
    languages = list(dict.fromkeys(language_name(code) for code in codes if code))
    contact_way = ""
    for d in details:
        if d["contact_way"]:
            contact_way = str(IntakeDetails(contact_way=d["contact_way"]).get_contact_way_display())
            break
    case_file_requests = [line.help_request.pk for line in lines if line.can_open_case_file]
    correctable = next((line.help_request.reference for line in lines if line.can_correct), "")
    return ResidentCard(client, lines, languages, contact_way,
                        resident_card_sections(client, HelpRequest.objects.filter(pk__in=case_file_requests)),
                        correctable)


def with_last_request(clients: list[Client]) -> list[Client]:
    """Give each client `last_request_at` and `last_request_status` (their most recent help
    request, any organisation: a date and a status tell two residents apart without showing
    what the request was about), in one query."""
    if not clients:
        return clients
    latest = HelpRequest.objects.filter(client=OuterRef("pk")).order_by("-received_at")
    rows = (Client.objects.filter(pk__in=[c.pk for c in clients])
            .annotate(last_at=Max("help_requests__received_at"),
                      last_status=Subquery(latest.values("status")[:1]))
            .values_list("pk", "last_at", "last_status"))
    labels = dict(Status.choices)
    by_pk = {pk: (at, labels.get(status, "")) for pk, at, status in rows}
    for c in clients:
        c.last_request_at, c.last_request_status = by_pk.get(c.pk, (None, ""))
    return clients
