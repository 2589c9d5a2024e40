"""The case file's part of retention and the data inventory (`naast.core.extensions`, "retention.py").

Every row stays, with its date, kind, minutes, scores, status and codes, so that the reports
(contacts, hours, ZRM, referrals, signals, satisfaction, reasons for passing the guideline) count
the same; the words about the resident go, and documents leave storage.
"""

import secrets

from django.core.files.storage import default_storage

from naast.core.extensions import NotPersonal, Personal, delete_files_on_commit
from naast.core.hashing import secret_digest

from .models import (
    Appointment,
    CaseFile,
    Closing,
    Contact,
    Document,
    FollowUpReminder,
    GuidelineExceedance,
    OtherHelper,
    Referral,
    Reopening,
    SelfSufficiencyAssessment,
    Signal,
    SupportAction,
    SurveyInvitation,
    SurveyResponse,
)

CASE_FILE = "the coordinators of the request's organisation, the assigned supporters"
CODE = NotPersonal("a code (reports)")

PERSONAL_FIELDS = {
    "CaseFile.clarified_question": Personal("the question as clarified with the resident", CASE_FILE),
    "CaseFile.hidden_questions": Personal("questions behind the question", CASE_FILE),
    "CaseFile.goals": Personal("the resident's goals", CASE_FILE),
    "CaseFile.target_group_notes": Personal("notes on the target group", CASE_FILE),
    "CaseFile.case_meeting_question": Personal("the question for the case meeting", CASE_FILE),
    "OtherHelper.name": Personal("another helper of the resident (also family)", CASE_FILE),
    "OtherHelper.organisation_name": Personal("that helper's organisation", CASE_FILE),
    "OtherHelper.role": Personal("that helper's role (may be 'daughter')", CASE_FILE),
    "OtherHelper.contact": Personal("that helper's phone or e-mail", CASE_FILE),
    "Document.title": Personal("a document's title (often the original file name)", CASE_FILE),
    "Document.file": Personal("an uploaded document", CASE_FILE,
                              "file deleted from storage after the retention period and on erasure"),
    "Document.content_type": NotPersonal("the file's type"),
    "Contact.kind": CODE,
    "Contact.note": Personal("the minutes of a contact", CASE_FILE),
    "GuidelineExceedance.reason": CODE,
    "GuidelineExceedance.explanation": Personal("why support took longer than the guideline", CASE_FILE),
    "SelfSufficiencyAssessment.note": Personal("a note with a ZRM assessment", CASE_FILE),
    "DomainScore.domain": CODE,
    "Appointment.location": Personal("where the resident is met (may be their home)", CASE_FILE),
    "Appointment.note": Personal("a note with an appointment", CASE_FILE),
    "FollowUpReminder.note": Personal("a supporter's own reminder on a request (\"call back about the letter\")",
                                      "the supporter who set it"),
    "CalendarFeedToken.token_hash": NotPersonal("a supporter's calendar link (hash)"),
    "SupportAction.kind": CODE,
    "SupportAction.counterpart": Personal("with whom the supporter acted for the resident", CASE_FILE),
    "SupportAction.description": Personal("what was done for the resident", CASE_FILE),
    "SupportAction.outcome": CODE,
    "SupportAction.outcome_note": Personal("about the outcome", CASE_FILE),
    "Referral.organisation_name": NotPersonal("the receiving organisation, as named in the social map"),
    "Referral.service_name": NotPersonal("the service, as named in the social map"),
    "Referral.kind": CODE,
    "Referral.consent_form": CODE,
    "Referral.conflict_of_interest": NotPersonal("a supporter's declared tie with the receiving organisation"),
    "Referral.status": CODE,
    "Referral.note": Personal("a note with a referral", CASE_FILE),
    "Signal.theme": CODE,
    "Signal.organisation_name": NotPersonal("the organisation or service a signal is about"),
    "Signal.text": Personal("a gap seen in the case, in the supporter's words", CASE_FILE),
    "Signal.status": CODE,
    "Signal.approved_text": NotPersonal(
        "the signal's words as a coordinator approved them for the municipality, without personal data "
        "(checked by casework/personal_data.py and read by the coordinator); kept, the signalling report shows it"),
    "Closing.outcome": CODE,
    "Closing.summary": Personal("what the support achieved", CASE_FILE),
    "Reopening.reason": Personal("why a request was reopened", CASE_FILE),
    "SurveyInvitation.token_hash": Personal(
        "the resident's survey link or letter code (a hash)", "nobody",
        "replaced by a random value after the retention period and on erasure: the link stops working"),
    "SurveyInvitation.delivery": CODE,
    "SurveyResponse.comment": Personal(
        "the resident's comment in the anonymous survey (no link to the request)",
        "the coordinators of the organisation it is about (per month, without a name or a request)",
        "blanked when its month is older than the retention period; an erasure cannot find it (no link back)"),
}


def anonymise_casework(request_ids, client_ids) -> dict[str, int]:
    in_requests = {"help_request__in": request_ids}
    documents = Document.objects.filter(**in_requests).exclude(file="")
    files = list(documents.values_list("file", flat=True))
    counts = {
        "case files": CaseFile.objects.filter(**in_requests).update(
            clarified_question="", hidden_questions="", goals="", target_group_notes="", case_meeting_question=""),
        "other helpers": OtherHelper.objects.filter(**in_requests).update(
            name="", organisation_name="", role="", contact=""),
        "documents": Document.objects.filter(**in_requests).update(title="", file=""),
        "document files": delete_files_on_commit(default_storage, files),
        "contacts": Contact.objects.filter(**in_requests).exclude(note="").update(note=""),
        "guideline explanations": GuidelineExceedance.objects.filter(**in_requests).update(explanation=""),
        "assessment notes": SelfSufficiencyAssessment.objects.filter(**in_requests).exclude(note="")
        .update(note=""),
        "appointments": Appointment.objects.filter(**in_requests).update(location="", note=""),
        "reminders": FollowUpReminder.objects.filter(**in_requests).exclude(note="").update(note=""),
        "support actions": SupportAction.objects.filter(**in_requests).update(
            counterpart="", description="", outcome_note=""),
        "referral notes": Referral.objects.filter(**in_requests).exclude(note="").update(note=""),
        "signals": Signal.objects.filter(**in_requests).update(text=""),
        "closings": Closing.objects.filter(**in_requests).update(summary=""),
        "reopenings": Reopening.objects.filter(**in_requests).update(reason=""),
    }
    invitations = list(SurveyInvitation.objects.filter(closing__help_request__in=request_ids).only("pk"))
    for invitation in invitations:
        invitation.token_hash = secret_digest(secrets.token_urlsafe(24))
    SurveyInvitation.objects.bulk_update(invitations, ["token_hash"], batch_size=1000)
    counts["survey links"] = len(invitations)
    return counts


def expire_survey_comments(cutoff) -> dict[str, int]:
    """Blank the survey's comments of the months before the cutoff's month (they have no request)."""
    month = cutoff.date().replace(day=1) if hasattr(cutoff, "date") else cutoff.replace(day=1)
    return {"survey comments": SurveyResponse.objects.filter(answered_in__lt=month).exclude(comment="")
            .update(comment="")}


ANONYMISE = [anonymise_casework]
EXPIRE = [expire_survey_comments]
