"""The front door's part of retention and the data inventory (`naast.core.extensions`, "retention.py")."""

from django.core.files.storage import default_storage

from naast.core.extensions import NotPersonal, Personal, delete_files_on_commit

from .models import (
    AnotherSupporterRequest,
    FollowUpMessage,
    InboundMessage,
    IntakeDetails,
    UrgencyChange,
)

CASEWORK = "desk, the coordinators of the request's organisation, the assigned supporters"
TRIAGE = "desk and coordinators of the request's organisation"

PERSONAL_FIELDS = {
    "IntakeDetails.contact_way": NotPersonal("a code"),
    "IntakeDetails.asker_name": Personal("who asked on the resident's behalf", CASEWORK),
    "IntakeDetails.asker_relation": Personal("the asker's relation to the resident", CASEWORK),
    "IntakeDetails.asker_phone": Personal("to reach the asker", CASEWORK),
    "IntakeDetails.asker_email": Personal("to reach the asker", CASEWORK),
    "IntakeDetails.address": Personal("for a letter or a visit", CASEWORK),
    "IntakeDetails.preferred_language": Personal("to talk with the resident in their language", CASEWORK),
    "IntakeDetails.follow_up_token_hash": Personal(
        "the resident's follow-up link (a hash; the link itself is never stored)", "nobody",
        "removed after the retention period and on erasure: the link stops working"),
    "IntakeDetails.idempotency_key": Personal(
        "to refuse a double submission: a random key of the form, or a salted hash of a partner's post",
        "nobody", "removed after the retention period and on erasure"),
    "PublicSubmission.address_hash": Personal("the public form's limit per client address (salted hash)",
                                              "nobody", "deleted after an hour (`send-reminders`)", by_retention=False),
    "PublicSubmission.resident_hash": Personal("the public form's limit per resident (salted hash)", "nobody",
                                               "deleted after an hour (`send-reminders`)", by_retention=False),
    "UrgencyChange.old_urgency": NotPersonal("a code"),
    "UrgencyChange.new_urgency": NotPersonal("a code"),
    "UrgencyChange.reason": Personal("why a coordinator changed the urgency (may describe the resident)", TRIAGE),
    "AnotherSupporterRequest.reason": Personal("why the resident asked for another supporter", TRIAGE),
    "AnotherSupporterRequest.source": NotPersonal("a code (reports)"),
    "FollowUpMessage.source": NotPersonal("a code"),
    "FollowUpMessage.text": Personal("a message of the resident through the follow-up link or by e-mail", CASEWORK),
    "InboundMessage.message_id": NotPersonal("the e-mail's technical Message-ID, so it is registered once"),
    "InboundMessage.imap_uid": NotPersonal("the e-mail's number in the team's mailbox, so one run moves it"),
    "InboundMessage.sender": Personal("the resident's e-mail address as it came in", CASEWORK),
    "InboundMessage.subject": Personal("the e-mail's subject line", CASEWORK),
    "InboundMessage.attachments": Personal(
        "the e-mail's attachments (names, and the stored files under MEDIA_ROOT/intake/)", CASEWORK,
        "files deleted from storage and the list emptied after the retention period and on erasure"),
    "PartnerApiKey.name": NotPersonal("a partner organisation"),
    "PartnerApiKey.referrer": NotPersonal("a code"),
    "PartnerApiKey.key_prefix": NotPersonal("the first characters of a partner's key, to recognise it"),
    "PartnerApiKey.key_hash": NotPersonal("a partner's key (hash)"),
    "PartnerApiCall.address_hash": Personal("the API's limit per client address (salted hash)", "nobody",
                                            "deleted after an hour (`send-reminders`)", by_retention=False),
    "ReminderSent.kind": NotPersonal("a code"),
}


def anonymise_intake(request_ids, client_ids) -> dict[str, int]:
    counts = {
        "intake details": IntakeDetails.objects.filter(help_request__in=request_ids).update(
            asker_name="", asker_relation="", asker_phone="", asker_email="", address="", preferred_language="",
            follow_up_token_hash=None, idempotency_key=None),
        "urgency reasons": UrgencyChange.objects.filter(help_request__in=request_ids).update(reason=""),
        "requests for another supporter": AnotherSupporterRequest.objects.filter(help_request__in=request_ids)
        .update(reason=""),
        "follow-up messages": FollowUpMessage.objects.filter(help_request__in=request_ids).update(text=""),
    }
    messages = InboundMessage.objects.filter(help_request__in=request_ids)
    paths = [entry.get("path") for attachments in messages.values_list("attachments", flat=True)
             for entry in (attachments or []) if isinstance(entry, dict)]
    counts["e-mails"] = messages.update(sender="", subject="", attachments=[])
    counts["e-mail attachment files"] = delete_files_on_commit(default_storage, paths)
    return counts


ANONYMISE = [anonymise_intake]
