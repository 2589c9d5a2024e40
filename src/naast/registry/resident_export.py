"""What the registry holds about one client, for their right of access (`naast.core.extensions`):
the client record, their help requests, who supported them and what was corrected.

Left out: the salted hash of a key from an earlier system (a hash, not information about the
resident; the export says whether there is one)."""

from django.utils.translation import gettext_lazy as _

from naast.core.extensions import ExportSection, export_row, model_fields

from .models import Assignment, Client, ClientMerge, ClientNameWord, Correction, HelpRequest


def staff_name(user) -> str:
    """How a staff member is named in an export: their full name, else their user name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def help_requests_of(client):
    return HelpRequest.objects.filter(client=client).order_by("received_at", "id")


CLIENT_FIELDS = [("number", _("Client number")), *model_fields(
    Client, "display_name", "full_name", "phone", "email", "postcode", "birth_year", "preferred_language"),
    ("municipality", _("Municipality")), ("earlier_system_key", _("Key from an earlier system recorded")),
    ("created_at", _("Registered"))]


def client_record(client) -> list[ExportSection]:
    row = export_row(client, CLIENT_FIELDS, number=client.pk, municipality=str(client.municipality or ""),
                     earlier_system_key=bool(client.external_key_hash))
    return [ExportSection("client", _("Resident"), CLIENT_FIELDS, [row], order=10)]


REQUEST_FIELDS = model_fields(
    HelpRequest, "reference", "received_at", "channel", "referrer", "status", "urgency", "question", "organisation",
    "municipality", "district", "target_group") + [("life_domains", _("Life domains"))] + model_fields(
    HelpRequest, "is_quick_log", "first_contact_due", "first_contact_at", "appointment_due", "appointment_at",
    "pickup_due", "picked_up_at", "closed_at", "outcome", "closing_summary", "minutes_spent")


def help_requests(client) -> list[ExportSection]:
    requests = help_requests_of(client).select_related(
        "organisation", "municipality", "district", "target_group").prefetch_related("life_domains")
    rows = [export_row(hr, REQUEST_FIELDS, life_domains=[str(d) for d in hr.life_domains.all()]) for hr in requests]
    return [ExportSection("help_requests", _("Help requests"), REQUEST_FIELDS, rows, order=11)]


ASSIGNMENT_FIELDS = [("reference", _("Help request")), ("supporter", _("Client supporter")),
                     ("assigned_at", _("Assigned")), ("ended_at", _("Ended")), ("end_reason", _("Why it ended"))]


def supporters(client) -> list[ExportSection]:
    assignments = Assignment.objects.filter(help_request__client=client).select_related(
        "help_request", "supporter").order_by("assigned_at", "id")
    rows = [export_row(a, ASSIGNMENT_FIELDS, reference=a.help_request.reference, supporter=staff_name(a.supporter))
            for a in assignments]
    return [ExportSection("supporters", _("Client supporters"), ASSIGNMENT_FIELDS, rows, order=12)]


CORRECTION_FIELDS = [("reference", _("Help request")), *model_fields(
    Correction, "corrected_at", "field_label", "old_value", "new_value", "withdrawn", "reason"),
    ("corrected_by", _("Corrected by"))]


def corrections(client) -> list[ExportSection]:
    found = Correction.objects.filter(help_request__client=client).select_related(
        "help_request", "corrected_by").order_by("corrected_at", "id")
    rows = [export_row(c, CORRECTION_FIELDS, reference=c.help_request.reference, corrected_by=staff_name(c.corrected_by))
            for c in found]
    return [ExportSection("corrections", _("Corrections"), CORRECTION_FIELDS, rows,
                          note=_("Facts recorded earlier that were corrected or withdrawn, with the old and the new value."),
                          order=13)]


MERGE_FIELDS = [("kept", _("Kept record")), ("merged", _("Merged record")),
                *model_fields(ClientMerge, "merged_at", "reason", "undone_at"), ("merged_by", _("Merged by"))]


def merges(client) -> list[ExportSection]:
    """Two records of this resident merged into one (and, if so, undone)."""
    from django.db.models import Q

    found = ClientMerge.objects.filter(Q(kept=client) | Q(merged=client)).select_related("merged_by").order_by(
        "merged_at", "id")
    rows = [export_row(m, MERGE_FIELDS, kept=m.kept_id, merged=m.merged_id, merged_by=staff_name(m.merged_by))
            for m in found]
    return [ExportSection("merges", _("Records merged"), MERGE_FIELDS, rows,
                          note=_("Two client records of the same person joined into one, by client number."),
                          order=14)]


SECTIONS = [client_record, help_requests, supporters, corrections, merges]
COVERS = [Client, HelpRequest, Assignment, Correction, ClientMerge]
LEFT_OUT = {ClientNameWord: "the words of the resident's names, folded for the look-up: the names themselves are "
                            "in the export"}
