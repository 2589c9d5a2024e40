"""What the audit log holds about one client, for their right of access (`naast.core.extensions`):
who opened, changed or exported their data, and when (AVG art. 15: the recipients of the data).
The orchestrator that builds the whole export is `naast.privacy.client_export`."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from naast.core.extensions import ExportSection, export_row, model_fields
from naast.registry.resident_export import help_requests_of

from .models import AuditEvent, LegalHold

AUDIT_FIELDS = [("at", _("When")), ("who", _("Who")), ("roles", _("Roles")), ("action", pgettext_lazy("audit", "Action")),
                ("object", _("Object")), ("reason", _("Reason"))]


def audit_events_about(client):
    """Every audit row about `client`: by their number, or by one of their requests' references."""
    references = list(help_requests_of(client).values_list("reference", flat=True))
    return AuditEvent.objects.filter(Q(client_id=client.pk) | Q(object_label__in=references)).order_by("at", "id")


def audit_log(client) -> list[ExportSection]:
    from .views import reason_label

    rows = [{"at": e.at, "who": e.username, "roles": e.roles_display, "action": str(e.get_action_display()),
             "object": f"{e.object_kind} {e.object_label or e.object_id}".strip(), "reason": reason_label(e.reason)}
            for e in audit_events_about(client)]
    return [ExportSection("audit_log", _("Who looked at or changed your data"), AUDIT_FIELDS, rows, order=90,
                          note=_("Every time a staff member opened, changed or exported your data, or was refused, "
                                 "the audit log recorded it."))]


HOLD_FIELDS = [("help_request", _("Help request")), *model_fields(LegalHold, "reason", "set_at", "lifted_at", "lift_reason")]


def legal_holds(client) -> list[ExportSection]:
    """Holds on the client's requests: while one is in force their data is kept past its retention
    period (AVG art. 18), which the resident may know and contest."""
    holds = LegalHold.objects.filter(help_request__in=help_requests_of(client)).select_related("help_request")
    rows = [export_row(hold, HOLD_FIELDS, help_request=hold.help_request.reference) for hold in holds.order_by("set_at", "id")]
    return [ExportSection("legal_holds", _("Data kept longer because of a legal hold"), HOLD_FIELDS, rows, order=85,
                          note=_("While a hold is in force, your data for that help request is not anonymised "
                                 "or erased, for example during a complaint or a court case."))]


SECTIONS = [legal_holds, audit_log]
COVERS = [AuditEvent, LegalHold]
