"""What the case file holds about one client, for their right of access (`naast.core.extensions`):
the clarified question and goals, contacts with their minutes, assessments, appointments, support
actions, referrals, signals, documents (their names and sizes), other helpers, closings and
reopenings, and the survey invitations. Never the survey's code (stored as a hash only); the
survey's answers are anonymous by design and cannot be linked back to the resident."""

from pathlib import PurePath

from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from naast.core.extensions import ExportSection, export_row, model_fields
from naast.registry.resident_export import staff_name

from .models import (
    Appointment,
    CaseFile,
    Closing,
    Contact,
    Document,
    DomainScore,
    FollowUpReminder,
    GuidelineExceedance,
    OtherHelper,
    Referral,
    Reopening,
    SelfSufficiencyAssessment,
    Signal,
    SupportAction,
    SurveyInvitation,
)

REFERENCE = ("reference", _("Help request"))


def _of(model, client, *related: str, order: tuple[str, ...] = ("id",)):
    return model.objects.filter(help_request__client=client).select_related("help_request", *related).order_by(*order)


def _names(users) -> list[str]:
    return sorted(staff_name(user) for user in users)


CASE_FILE_FIELDS = [REFERENCE, *model_fields(
    CaseFile, "clarified_question", "hidden_questions", "goals", "target_group_notes", "case_meeting_requested_at",
    "case_meeting_question"), ("updated_at", _("Last changed"))]


def case_files(client) -> list[ExportSection]:
    rows = [export_row(c, CASE_FILE_FIELDS, reference=c.help_request.reference) for c in _of(CaseFile, client)]
    return [ExportSection("case_file", _("Case file"), CASE_FILE_FIELDS, rows, order=30)]


CONTACT_FIELDS = [REFERENCE, *model_fields(Contact, "occurred_at", "kind", "minutes", "supporters", "note", "withdrawn_at")]


def contacts(client) -> list[ExportSection]:
    found = _of(Contact, client, order=("occurred_at", "id")).prefetch_related("supporters")
    rows = [export_row(c, CONTACT_FIELDS, reference=c.help_request.reference, supporters=_names(c.supporters.all()))
            for c in found]
    return [ExportSection("contacts", _("Contacts"), CONTACT_FIELDS, rows, order=31)]


ASSESSMENT_FIELDS = [REFERENCE, *model_fields(SelfSufficiencyAssessment, "assessed_on"), ("scores", _("Levels")),
                     *model_fields(SelfSufficiencyAssessment, "note", "withdrawn_at"), ("assessed_by", _("By"))]


def assessments(client) -> list[ExportSection]:
    found = _of(SelfSufficiencyAssessment, client, "assessed_by", order=("assessed_on", "id")).prefetch_related("scores")
    rows = [export_row(a, ASSESSMENT_FIELDS, reference=a.help_request.reference, assessed_by=staff_name(a.assessed_by),
                       scores=[f"{s.get_domain_display()}: {s.level}" for s in sorted(a.scores.all(), key=lambda s: s.domain)])
            for a in found]
    return [ExportSection("assessments", _("Self-sufficiency assessments"), ASSESSMENT_FIELDS, rows, order=32,
                          note=_("Levels from 1 (acute problems) to 5 (fully self-sufficient) per life domain."))]


EXCEEDANCE_FIELDS = [REFERENCE, ("recorded_at", _("When")),
                     *model_fields(GuidelineExceedance, "reason", "explanation", "withdrawn_at")]


def exceedances(client) -> list[ExportSection]:
    rows = [export_row(e, EXCEEDANCE_FIELDS, reference=e.help_request.reference)
            for e in _of(GuidelineExceedance, client, order=("recorded_at", "id"))]
    return [ExportSection("guideline_exceedances", _("Reasons for support beyond the guideline hours"), EXCEEDANCE_FIELDS,
                          rows, order=33)]


APPOINTMENT_FIELDS = [REFERENCE, *model_fields(Appointment, "starts_at", "minutes", "location", "note", "supporters"),
                      ("cancelled_at", _("Cancelled"))]


def appointments(client) -> list[ExportSection]:
    found = _of(Appointment, client, order=("starts_at", "id")).prefetch_related("supporters")
    rows = [export_row(a, APPOINTMENT_FIELDS, reference=a.help_request.reference, supporters=_names(a.supporters.all()))
            for a in found]
    return [ExportSection("appointments", _("Appointments"), APPOINTMENT_FIELDS, rows, order=34)]


REMINDER_FIELDS = [REFERENCE, *model_fields(FollowUpReminder, "due_on", "note", "done_at"),
                   ("supporter", _("Client supporter"))]


def reminders(client) -> list[ExportSection]:
    found = _of(FollowUpReminder, client, "supporter", order=("due_on", "id"))
    rows = [export_row(r, REMINDER_FIELDS, reference=r.help_request.reference, supporter=staff_name(r.supporter))
            for r in found]
    return [ExportSection("follow_up_reminders", _("Follow-up reminders"), REMINDER_FIELDS, rows, order=35)]


ACTION_FIELDS = [REFERENCE, *model_fields(SupportAction, "happened_on", "kind", "counterpart", "description", "outcome",
                                           "outcome_note")]


def support_actions(client) -> list[ExportSection]:
    rows = [export_row(a, ACTION_FIELDS, reference=a.help_request.reference)
            for a in _of(SupportAction, client, order=("happened_on", "id"))]
    return [ExportSection("support_actions", _("Support actions"), ACTION_FIELDS, rows, order=35)]


REFERRAL_FIELDS = [REFERENCE, ("referred_at", _("When")), *model_fields(
    Referral, "organisation_name", "service_name", "kind", "shares_personal_data", "consent_given_at", "consent_form",
    "status", "waiting_weeks", "note", "conflict_of_interest")]


def referrals(client) -> list[ExportSection]:
    rows = [export_row(r, REFERRAL_FIELDS, reference=r.help_request.reference)
            for r in _of(Referral, client, order=("referred_at", "id"))]
    return [ExportSection("referrals", _("Referrals"), REFERRAL_FIELDS, rows, order=36)]


SIGNAL_FIELDS = [REFERENCE, ("recorded_at", _("When")), *model_fields(
    Signal, "theme", "organisation_name", "text", "shareable", "status", "approved_text")]


def signals(client) -> list[ExportSection]:
    rows = [export_row(s, SIGNAL_FIELDS, reference=s.help_request.reference)
            for s in _of(Signal, client, order=("recorded_at", "id"))]
    return [ExportSection("signals", _("Signals"), SIGNAL_FIELDS, rows, order=37,
                          note=_("Gaps in policy or services seen in the support; only an approved text is shared, without names."))]


DOCUMENT_FIELDS = [REFERENCE, *model_fields(Document, "title"), ("content_type", _("Kind of file")),
                   ("size", _("Size (bytes)")), ("uploaded_at", _("Added")), ("uploaded_by", _("By")),
                   ("file", _("File in the ZIP download"))]


def _zip_name(document) -> str:
    suffix = PurePath(document.file.name).suffix.lower()
    name = get_valid_filename(document.title)[:80] or "document"
    return f"documenten/{document.help_request.reference}/{document.pk}-{name}{suffix}"


def documents(client) -> list[ExportSection]:
    found = list(_of(Document, client, "uploaded_by", order=("uploaded_at", "id")))
    rows = [export_row(d, DOCUMENT_FIELDS, reference=d.help_request.reference, uploaded_by=staff_name(d.uploaded_by),
                       file=_zip_name(d)) for d in found]
    return [ExportSection("documents", _("Documents"), DOCUMENT_FIELDS, rows, order=38,
                          note=_("The documents themselves are in the ZIP download."),
                          files=[(_zip_name(d), d.file.open) for d in found])]


HELPER_FIELDS = [REFERENCE, *model_fields(OtherHelper, "name", "organisation_name", "role", "contact")]


def other_helpers(client) -> list[ExportSection]:
    rows = [export_row(h, HELPER_FIELDS, reference=h.help_request.reference) for h in _of(OtherHelper, client)]
    return [ExportSection("other_helpers", _("Other helpers"), HELPER_FIELDS, rows, order=39)]


CLOSING_FIELDS = [REFERENCE, ("closed_at", _("Closed")), *model_fields(Closing, "outcome", "summary"),
                  ("survey", _("Satisfaction survey"))]
REOPENING_FIELDS = [REFERENCE, ("reopened_at", _("Reopened")), *model_fields(Reopening, "reason")]


def _survey(closing) -> str:
    invitation = getattr(closing, "survey_invitation", None)
    if invitation is None:
        return ""
    if invitation.answered_at:
        return str(_("Invited (%(how)s); answered anonymously") % {"how": invitation.get_delivery_display()})
    return str(_("Invited (%(how)s); not answered") % {"how": invitation.get_delivery_display()})


def closings(client) -> list[ExportSection]:
    found = _of(Closing, client, "survey_invitation", order=("closed_at", "id"))
    reopened = _of(Reopening, client, order=("reopened_at", "id"))
    return [
        ExportSection("closings", _("Closings"), CLOSING_FIELDS,
                      [export_row(c, CLOSING_FIELDS, reference=c.help_request.reference, survey=_survey(c)) for c in found],
                      order=40, note=_("The answers to the satisfaction survey are anonymous: they cannot be linked to you.")),
        ExportSection("reopenings", _("Reopenings"), REOPENING_FIELDS,
                      [export_row(r, REOPENING_FIELDS, reference=r.help_request.reference) for r in reopened], order=41),
    ]


SECTIONS = [case_files, contacts, assessments, exceedances, appointments, reminders, support_actions, referrals, signals,
            documents, other_helpers, closings]
COVERS = [CaseFile, Contact, SelfSufficiencyAssessment, DomainScore, GuidelineExceedance, Appointment, FollowUpReminder,
          SupportAction,
          Referral, Signal, Document, OtherHelper, Closing, Reopening, SurveyInvitation]
