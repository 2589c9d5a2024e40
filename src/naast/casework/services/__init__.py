"""Domain verbs of case work, one module per topic. Each verb enforces its rules, writes atomically
and is tested without HTTP; views call them after `naast.privacy.policy` has allowed (and audited)
the change. The request's own status and due times move only through `naast.registry.lifecycle`.

The verbs are listed here so that callers write `services.log_contact(...)`; each lives in the
module named next to it.
"""

from .appointments import (
    MAX_DAYS_AHEAD,
    AssignmentEndResult,
    after_assignments_ended,
    calendar_feed_for,
    cancel_appointment,
    new_calendar_feed,
    plan_appointment,
    revoke_calendar_feeds,
)
from .assessments import record_assessment
from .casefile import DOCUMENT_MAX_BYTES, add_document, add_other_helper, case_file_for, update_case_file
from .closing import (
    SURVEY_VALID_DAYS,
    ClosingResult,
    SurveyUnavailable,
    answer_survey,
    close_request,
    coming_appointments,
    hash_token,
    new_survey_code,
    open_invitation,
    reopen_request,
    resident_language,
    survey_delivery_for,
    survey_path,
)
from .contacts import guideline_minutes, log_contact, needs_exceedance_reason
from .corrections import (
    correct_assessment,
    correct_contact,
    correct_exceedance,
    withdraw_assessment,
    withdraw_contact,
    withdraw_exceedance,
)
from .meetings import put_on_case_meeting, take_off_case_meeting
from .referrals import (
    ConflictOfInterest,
    conflicting_affiliations,
    record_support_action,
    refer,
    update_referral_status,
    update_support_action_outcome,
)
from .reminders import add_reminder, complete_reminder, open_reminders
from .signals import PersonalDataFound, approve_signal, keep_signal_internal, personal_data_in, record_signal

__all__ = [
    "resident_language",
    "add_reminder", "complete_reminder", "open_reminders",
    "DOCUMENT_MAX_BYTES", "MAX_DAYS_AHEAD", "SURVEY_VALID_DAYS", "ClosingResult", "ConflictOfInterest",
    "AssignmentEndResult", "PersonalDataFound", "SurveyUnavailable", "add_document", "add_other_helper",
    "after_assignments_ended", "answer_survey", "approve_signal", "calendar_feed_for",
    "cancel_appointment", "case_file_for", "correct_assessment", "correct_contact", "correct_exceedance", "close_request", "coming_appointments", "conflicting_affiliations",
    "guideline_minutes", "hash_token", "keep_signal_internal", "log_contact", "needs_exceedance_reason", "new_calendar_feed",
    "new_survey_code", "open_invitation", "personal_data_in", "plan_appointment", "put_on_case_meeting", "record_assessment",
    "record_signal", "record_support_action", "refer", "reopen_request", "revoke_calendar_feeds",
    "survey_delivery_for", "survey_path", "take_off_case_meeting", "update_case_file", "update_referral_status",
    "update_support_action_outcome", "withdraw_assessment", "withdraw_contact", "withdraw_exceedance",
]
