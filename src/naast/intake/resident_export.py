"""What the front door holds about one client, for their right of access (`naast.core.extensions`):
the intake details, the messages and e-mails received, the e-mails waiting to be sent, and the
triage trail. Never a secret: the follow-up link's hash, the form's idempotency key and the text of
an outgoing e-mail (it may carry the follow-up link) stay out."""

from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from naast.core.extensions import ExportSection, export_row, model_fields
from naast.core.models import OutgoingMail
from naast.registry.resident_export import help_requests_of, staff_name

from .models import (
    AnotherSupporterRequest,
    FollowUpMessage,
    InboundMessage,
    IntakeDetails,
    ReminderSent,
    SupporterExclusion,
    UrgencyChange,
)

REFERENCE = ("reference", _("Help request"))

INTAKE_FIELDS = [REFERENCE, *model_fields(
    IntakeDetails, "contact_way", "on_behalf", "asker_name", "asker_relation", "asker_phone", "asker_email", "address",
    "preferred_language", "consent_to_share_at"), ("follow_up_link", _("Follow-up link sent")),
    ("created_at", _("Registered"))]


def intake_details(client) -> list[ExportSection]:
    found = IntakeDetails.objects.filter(help_request__client=client).select_related("help_request").order_by("id")
    rows = [export_row(d, INTAKE_FIELDS, reference=d.help_request.reference,
                       follow_up_link=bool(d.follow_up_token_hash)) for d in found]
    return [ExportSection("intake", _("Intake details"), INTAKE_FIELDS, rows, order=20)]


FOLLOW_UP_FIELDS = [REFERENCE, ("created_at", _("Received")), ("source", _("Via")), *model_fields(FollowUpMessage, "text")]


def follow_ups(client) -> list[ExportSection]:
    found = FollowUpMessage.objects.filter(help_request__client=client).select_related("help_request").order_by(
        "created_at", "id")
    rows = [export_row(m, FOLLOW_UP_FIELDS, reference=m.help_request.reference) for m in found]
    return [ExportSection("follow_up_messages", _("Messages from the resident"), FOLLOW_UP_FIELDS, rows, order=21)]


INBOUND_FIELDS = [REFERENCE, ("received_at", _("Received")), ("sender", _("Sender")), ("subject", _("Subject")),
                  ("is_reply", _("Reply to an earlier e-mail")), ("attachments", _("Attachments"))]


def _attachment(item: dict) -> str:
    """An attachment's name, type and size, never where it is stored."""
    text = f"{item.get('name') or '?'} ({item.get('content_type') or '?'}, {item.get('size') or 0} bytes)"
    return f"{text}: {item['skipped']}" if item.get("skipped") else text


def _attachment_files(message) -> list[tuple[str, object]]:
    """The stored attachments of an e-mail, for the ZIP download (skipped ones were never stored)."""
    files = []
    for number, item in enumerate(message.attachments, start=1):
        if isinstance(item, dict) and item.get("path"):
            name = get_valid_filename(str(item.get("name") or "bijlage"))[:80] or "bijlage"
            path = item["path"]
            files.append((f"bijlagen/{message.help_request.reference}/{message.pk}-{number}-{name}",
                          lambda path=path: default_storage.open(path, "rb")))
    return files


def inbound_messages(client) -> list[ExportSection]:
    found = list(InboundMessage.objects.filter(help_request__client=client).select_related("help_request").order_by(
        "received_at", "id"))
    rows = [export_row(m, INBOUND_FIELDS, reference=m.help_request.reference,
                       attachments=[_attachment(a) for a in m.attachments if isinstance(a, dict)]) for m in found]
    return [ExportSection("inbound_email", _("E-mails received"), INBOUND_FIELDS, rows, order=22,
                          note=_("The text of an e-mail is kept as the question or as a message from the resident; "
                                 "the attachments are in the ZIP download."),
                          files=[file for m in found for file in _attachment_files(m)])]


OUTGOING_FIELDS = [REFERENCE, ("created_at", _("Written")), ("kind", _("Kind")), ("to", _("To")),
                   ("subject", _("Subject")), ("state", _("State"))]


def outgoing_mail(client) -> list[ExportSection]:
    references = list(help_requests_of(client).values_list("reference", flat=True))
    found = OutgoingMail.objects.filter(reference__in=references).order_by("created_at", "id") if references else []
    rows = [export_row(m, OUTGOING_FIELDS, state=_("Could not be sent") if m.failed_at else _("Waiting to be sent"))
            for m in found]
    return [ExportSection("outgoing_email", _("E-mails not yet sent"), OUTGOING_FIELDS, rows, order=23,
                          note=_("An e-mail that was sent is not kept. These are waiting to be sent or could not be sent."))]


URGENCY_FIELDS = [REFERENCE, ("changed_at", _("When")), ("old_urgency", _("Was")), ("new_urgency", _("Now")),
                  *model_fields(UrgencyChange, "reason"), ("changed_by", _("By"))]


def urgency_changes(client) -> list[ExportSection]:
    found = UrgencyChange.objects.filter(help_request__client=client).select_related(
        "help_request", "changed_by").order_by("changed_at", "id")
    rows = [export_row(c, URGENCY_FIELDS, reference=c.help_request.reference, changed_by=staff_name(c.changed_by))
            for c in found]
    return [ExportSection("urgency_changes", _("Changes of urgency"), URGENCY_FIELDS, rows, order=24)]


ANOTHER_FIELDS = [REFERENCE, ("created_at", _("When")), *model_fields(AnotherSupporterRequest, "reason"),
                  ("source", _("Via")), ("resolved_at", _("Another supporter assigned"))]
EXCLUSION_FIELDS = [REFERENCE, ("supporter", _("Client supporter")), ("created_at", _("Since"))]


def supporter_changes(client) -> list[ExportSection]:
    asked = AnotherSupporterRequest.objects.filter(help_request__client=client).select_related("help_request").order_by(
        "created_at", "id")
    excluded = SupporterExclusion.objects.filter(help_request__client=client).select_related(
        "help_request", "supporter").order_by("created_at", "id")
    return [
        ExportSection("another_supporter_requests", _("Requests for another supporter"), ANOTHER_FIELDS,
                      [export_row(a, ANOTHER_FIELDS, reference=a.help_request.reference) for a in asked], order=25),
        ExportSection("supporter_exclusions", _("Supporters no longer assigned on request"), EXCLUSION_FIELDS,
                      [export_row(e, EXCLUSION_FIELDS, reference=e.help_request.reference,
                                  supporter=staff_name(e.supporter)) for e in excluded], order=26),
    ]


REMINDER_FIELDS = [REFERENCE, ("kind", _("Kind")), ("due", _("Deadline")), ("sent_at", _("Sent"))]


def reminders(client) -> list[ExportSection]:
    found = ReminderSent.objects.filter(help_request__client=client).select_related("help_request").order_by(
        "sent_at", "id")
    rows = [export_row(r, REMINDER_FIELDS, reference=r.help_request.reference) for r in found]
    return [ExportSection("reminders", _("Deadline reminders to staff"), REMINDER_FIELDS, rows, order=27)]


SECTIONS = [intake_details, follow_ups, inbound_messages, outgoing_mail, urgency_changes, supporter_changes, reminders]
COVERS = [IntakeDetails, FollowUpMessage, InboundMessage, OutgoingMail, UrgencyChange, AnotherSupporterRequest,
          SupporterExclusion, ReminderSent]
