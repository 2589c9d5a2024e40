"""Codes for the case file (stable English codes; the UI shows the labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactKind(models.TextChoices):
    OFFICE = "office", _("Conversation at the office")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone")
    MESSAGE = "message", _("E-mail or message")
    KITCHEN_TABLE = "kitchen_table", _("Accompaniment to the kitchen-table conversation")
    PROFESSIONALS = "professionals", _("Meeting with other professionals")
    CASE_MEETING = "case_meeting", _("Case meeting")


# Contact with the resident meets the first-contact norm; a meeting with other professionals or a
# case meeting is work on the request, not contact with the resident (docs/domain.md §6.2).
RESIDENT_CONTACT_KINDS = (ContactKind.OFFICE, ContactKind.HOME_VISIT, ContactKind.PHONE, ContactKind.MESSAGE,
                          ContactKind.KITCHEN_TABLE)
# A conversation with the resident in person starts the support ("opgepakt", docs/domain.md §6.4);
# a call or a message before it is a first contact only.
IN_PERSON_CONTACT_KINDS = (ContactKind.OFFICE, ContactKind.HOME_VISIT, ContactKind.KITCHEN_TABLE)


class ExceedanceReason(models.TextChoices):
    """Why support runs past the guideline hours (recorded for the funder's reports)."""

    WAITING_LIST = "waiting_list", _("Waiting list elsewhere")
    RECURRING = "recurring", _("Recurring questions")
    NO_SERVICE = "no_service", _("No fitting service")
    SAFETY = "safety", _("Safety requires two supporters")
    COMPLEXITY = "complexity", _("Complexity")


class ZrmDomain(models.TextChoices):
    """The 13 domains of the self-sufficiency matrix (Zelfredzaamheid-Matrix); labels only."""

    FINANCES = "finances", _("Finances")
    WORK_EDUCATION = "work_education", _("Work and education")
    TIME_USE = "time_use", _("Time use")
    HOUSING = "housing", _("Housing")
    DOMESTIC_RELATIONS = "domestic_relations", _("Domestic relations")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    BASIC_ADL = "basic_adl", _("Basic activities of daily living")
    INSTRUMENTAL_ADL = "instrumental_adl", _("Instrumental activities of daily living")
    SOCIAL_NETWORK = "social_network", _("Social network")
    PARTICIPATION = "participation", _("Social participation")
    JUSTICE = "justice", _("Justice")


class ZrmLevel(models.IntegerChoices):
    ACUTE = 1, _("Acute problems")
    NOT_SELF_SUFFICIENT = 2, _("Not self-sufficient")
    PARTLY = 3, _("Partly self-sufficient")
    SUFFICIENT = 4, _("Sufficiently self-sufficient")
    FULLY = 5, _("Fully self-sufficient")


class SupportActionKind(models.TextChoices):
    KITCHEN_TABLE = "kitchen_table", _("Accompaniment to the kitchen-table conversation")
    OBJECTION = "objection", _("Help with an objection (bezwaar)")
    COMPLAINT = "complaint", _("Help with a complaint")
    ON_BEHALF = "on_behalf", _("Contact with an organisation on the resident's behalf")


class ActionOutcome(models.TextChoices):
    PENDING = "pending", _("Still running")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    WITHDRAWN = "withdrawn", _("Stopped or withdrawn")


class ReferralKind(models.TextChoices):
    WARM = "warm", _("Warm handover")
    INFORMATION = "information", _("Information only")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    STARTED = "started", _("Started")
    NO_CAPACITY = "no_capacity", _("No capacity / waiting list")
    REFUSED = "refused", _("Refused")


class ConsentForm(models.TextChoices):
    VERBAL = "verbal", _("Verbally, noted by the supporter")
    WRITTEN = "written", _("In writing (signed)")
    DIGITAL = "digital", _("By e-mail or message")


class SignalTheme(models.TextChoices):
    WAITING_LIST = "waiting_list", _("Waiting list")
    NO_SERVICE = "no_service", _("No fitting service")
    RULES = "rules", _("Rules or bureaucracy")
    REACHABILITY = "reachability", _("Reachability")
    DIGITAL = "digital", _("Digital access")
    LANGUAGE = "language", _("Language")
    FINANCIAL = "financial", _("Financial threshold")
    COOPERATION = "cooperation", _("Cooperation between organisations")
    OTHER = "other", _("Other")


class SignalStatus(models.TextChoices):
    """Whether a signal's text may leave the case file (docs/domain.md §2): a coordinator decides."""

    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved to share")
    INTERNAL = "internal", _("Internal")


class SurveyDelivery(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Printed letter")


class Agreement(models.IntegerChoices):
    """A 5-point scale for the survey's statements."""

    STRONGLY_DISAGREE = 1, _("Strongly disagree")
    DISAGREE = 2, _("Disagree")
    NEUTRAL = 3, _("Neither agree nor disagree")
    AGREE = 4, _("Agree")
    STRONGLY_AGREE = 5, _("Strongly agree")
