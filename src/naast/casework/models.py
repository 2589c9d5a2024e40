"""The supporter's case file (dossier) around one help request: what was clarified, assessed,
done, agreed and referred, and how it ended. Rules that change these records live in
`services.py`; the timeline is derived from the records themselves (`selectors.py`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naast.registry.choices import Outcome

from .choices import (
    ActionOutcome,
    Agreement,
    ConsentForm,
    ContactKind,
    ExceedanceReason,
    ReferralKind,
    ReferralStatus,
    SignalStatus,
    SignalTheme,
    SupportActionKind,
    SurveyDelivery,
    ZrmDomain,
    ZrmLevel,
)

USER = settings.AUTH_USER_MODEL
HELP_REQUEST = "registry.HelpRequest"


class CaseFile(models.Model):
    """Dossier: the clarified question and the notes that belong to the request as a whole."""

    help_request = models.OneToOneField(HELP_REQUEST, on_delete=models.CASCADE, related_name="case_file")
    clarified_question = models.TextField(_("clarified question"), blank=True)
    hidden_questions = models.TextField(
        _("hidden questions"), blank=True, help_text=_("Questions behind the question that came up while talking.")
    )
    goals = models.TextField(_("the resident's goals"), blank=True)
    target_group_notes = models.TextField(_("notes on the target group"), blank=True)
    # Casusoverleg: the coordinator (or supporter) puts the request on the next case meeting's agenda.
    case_meeting_requested_at = models.DateTimeField(_("on the case-meeting agenda since"), null=True, blank=True)
    case_meeting_question = models.CharField(_("question for the case meeting"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        indexes = [models.Index(fields=["case_meeting_requested_at"])]

    def __str__(self) -> str:
        return str(self.help_request)


class OtherHelper(models.Model):
    """Another professional or informal helper involved with the resident."""

    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="other_helpers")
    name = models.CharField(_("name"), max_length=120)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=120, blank=True, help_text=_("For example: district nurse, debt counsellor, daughter."))
    contact = models.CharField(_("phone or e-mail"), max_length=200, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation_name", "name"]
        verbose_name = _("other helper")
        verbose_name_plural = _("other helpers")

    def __str__(self) -> str:
        return self.name


def _document_path(instance, filename: str) -> str:
    # A random name: the original name may contain the resident's name and stays in `title`.
    import secrets
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"casework/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class Document(models.Model):
    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class Contact(models.Model):
    """Contactmoment: one conversation, visit, call or meeting, with its minutes."""

    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="contacts")
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    minutes = models.PositiveIntegerField(_("minutes"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)])
    supporters = models.ManyToManyField(USER, related_name="casework_contacts", verbose_name=_("supporters"))
    note = models.TextField(_("note"), blank=True)
    logged_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)
    # Minutes of staff time this contact adds to HelpRequest.minutes_spent (minutes × supporters),
    # stored so the maintained total can always be checked against the contacts.
    staff_minutes = models.PositiveIntegerField(default=0, editable=False)

    # Withdrawn by a correction (`naast.registry.models.Correction` keeps who, when and why): it no
    # longer counts anywhere, but stays in the file's history.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["help_request", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class GuidelineExceedance(models.Model):
    """Why support on this request runs past the guideline hours; asked once, when it is passed."""

    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="guideline_exceedances")
    reason = models.CharField(_("reason"), max_length=20, choices=ExceedanceReason.choices)
    explanation = models.TextField(_("explanation"))
    minutes_at_time = models.PositiveIntegerField()
    guideline_hours = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    # Withdrawn by a correction (`naast.registry.models.Correction` keeps who, when and why): it no
    # longer counts anywhere, but stays in the file's history.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("guideline exceedance")
        verbose_name_plural = _("guideline exceedances")

    def __str__(self) -> str:
        return self.get_reason_display()


class SelfSufficiencyAssessment(models.Model):
    """A ZRM assessment: levels 1–5 on (some of) the 13 domains, repeatable over time."""

    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Withdrawn by a correction (`naast.registry.models.Correction` keeps who, when and why): it no
    # longer counts anywhere, but stays in the file's history.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        verbose_name = _("self-sufficiency assessment")
        verbose_name_plural = _("self-sufficiency assessments")

    def __str__(self) -> str:
        return f"ZRM {self.assessed_on}"

    def levels(self) -> dict[str, int]:
        """{domain code: level}; uses prefetched scores."""
        return {score.domain: score.level for score in self.scores.all()}


class DomainScore(models.Model):
    assessment = models.ForeignKey(SelfSufficiencyAssessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.CharField(max_length=30, choices=ZrmDomain.choices)
    level = models.PositiveSmallIntegerField(choices=ZrmLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="zrm_one_score_per_domain"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="zrm_level_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}={self.level}"


class Appointment(models.Model):
    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(8 * 60)])
    location = models.CharField(_("location"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Calendar apps keep what they fetch outside Naast: the note goes into the feed only when the
    # supporter chose so for this appointment.
    note_in_calendar = models.BooleanField(_("show the note in the calendar feed"), default=False)
    supporters = models.ManyToManyField(USER, related_name="casework_appointments", verbose_name=_("supporters"))
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change so calendar apps pick up the new version (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.help_request} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.minutes)


class CalendarFeedToken(models.Model):
    """A supporter's private iCal feed: the secret is shown once and stored only as a hash."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="calendar_feed_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar link")  # the audit log names the reads of a feed by it
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"


class SupportAction(models.Model):
    """Accompaniment, help with an objection or complaint, or contact on the resident's behalf."""

    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="support_actions")
    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportActionKind.choices)
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    counterpart = models.CharField(
        _("with whom"), max_length=200, blank=True, help_text=_("The municipality, organisation or person involved.")
    )
    description = models.TextField(_("what was done"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ActionOutcome.choices, default=ActionOutcome.PENDING)
    outcome_note = models.TextField(_("about the outcome"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("support action")
        verbose_name_plural = _("support actions")

    def __str__(self) -> str:
        return self.get_kind_display()


class Referral(models.Model):
    """Doorverwijzing to a service of the social map: warm handover or information only."""

    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(
        "socialmap.Service", on_delete=models.PROTECT, related_name="casework_referrals", verbose_name=_("service")
    )
    # Names as they were when referring: the social map may rename or archive a service later.
    organisation_name = models.CharField(_("receiving organisation"), max_length=300, blank=True)
    service_name = models.CharField(_("service"), max_length=300)
    kind = models.CharField(_("kind of referral"), max_length=20, choices=ReferralKind.choices)
    shares_personal_data = models.BooleanField(_("personal data is shared with the receiver"), default=False)
    consent_given_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_form = models.CharField(_("how consent was given"), max_length=20, choices=ConsentForm.choices, blank=True)
    # Independence: the supporter declared a tie with the receiving organisation and went ahead.
    conflict_of_interest = models.CharField(_("declared affiliation with the receiver"), max_length=300, blank=True)
    conflict_acknowledged = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    status_changed_at = models.DateTimeField(default=timezone.now)
    waiting_weeks = models.PositiveSmallIntegerField(
        _("waiting time reported by the receiver (weeks)"), null=True, blank=True, validators=[MaxValueValidator(260)]
    )
    note = models.TextField(_("note"), blank=True)
    referred_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    referred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-referred_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            # The rule in the database too: no personal data leaves without recorded consent.
            models.CheckConstraint(
                condition=models.Q(shares_personal_data=False) | models.Q(consent_given_at__isnull=False),
                name="referral_personal_data_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return self.service_name or self.organisation_name


class Signal(models.Model):
    """Signaal: a gap in policy or supply seen in a case, aggregated later for the funder.

    Every signal is counted in the signalling report; its words leave the case file only as the
    `approved_text` a coordinator of the request's organisation approved (`services.approve_signal`).
    `text` stays as the supporter wrote it, in the case file only."""

    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="signals")
    theme = models.CharField(_("theme"), max_length=20, choices=SignalTheme.choices)
    organisation_name = models.CharField(_("organisation or service concerned"), max_length=200, blank=True)
    text = models.TextField(
        _("the signal"), help_text=_("Write it so it can be shared: no names or details that identify the resident.")
    )
    # The supporter's proposal; the coordinator's decision is `status`.
    shareable = models.BooleanField(_("may be shared with the municipality"), default=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("review"), max_length=10, choices=SignalStatus.choices, default=SignalStatus.PENDING)
    approved_text = models.TextField(_("text to share"), blank=True)
    reviewed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [models.Index(fields=["theme", "recorded_at"]), models.Index(fields=["status", "recorded_at"])]
        constraints = [
            # Only an approved signal has words to share, and it always has them.
            models.CheckConstraint(
                condition=(models.Q(status=SignalStatus.APPROVED) & ~models.Q(approved_text=""))
                | (~models.Q(status=SignalStatus.APPROVED) & models.Q(approved_text="")),
                name="casework_signal_approved_text",
            ),
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class Closing(models.Model):
    """Each time a request is closed; kept when it is reopened, so reports see every round."""

    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="closings")
    closed_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    summary = models.TextField(_("summary"))
    minutes_spent = models.PositiveIntegerField(default=0)
    closed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["closed_at"]
        verbose_name = _("closing")
        verbose_name_plural = _("closings")

    def __str__(self) -> str:
        return f"{self.help_request} {self.closed_at:%Y-%m-%d}"


class Reopening(models.Model):
    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="reopenings")
    reopened_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"))
    reopened_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["reopened_at"]
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")

    def __str__(self) -> str:
        return f"{self.help_request} {self.reopened_at:%Y-%m-%d}"


class SurveyInvitation(models.Model):
    """The link (or letter code) that lets the resident answer the survey once, before it expires.

    Only a hash of the code is stored; the code itself exists in the e-mail or the letter."""

    closing = models.OneToOneField(Closing, on_delete=models.CASCADE, related_name="survey_invitation")
    token_hash = models.CharField(max_length=64, unique=True)
    delivery = models.CharField(max_length=10, choices=SurveyDelivery.choices)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self) -> str:
        return f"survey {self.pk}"


class SurveyResponse(models.Model):
    """An anonymous answer. It carries only what reports count by (municipality, organisation,
    month) and no link back to the resident, the request or the invitation."""

    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey("organisations.MemberOrganisation", on_delete=models.SET_NULL, null=True, related_name="+")
    answered_in = models.DateField(help_text="First day of the month of the answer.")
    mark = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])
    felt_understood = models.PositiveSmallIntegerField(choices=Agreement.choices)
    felt_seen = models.PositiveSmallIntegerField(choices=Agreement.choices)
    fitted_own_question = models.PositiveSmallIntegerField(choices=Agreement.choices)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.CheckConstraint(condition=models.Q(mark__gte=1, mark__lte=10), name="survey_mark_1_to_10")]

    def __str__(self) -> str:
        return f"{self.answered_in:%Y-%m}: {self.mark}"


class FollowUpReminder(models.Model):
    """A supporter's own reminder on a help request ("call back Thursday"): a date and a note. Listed
    on their overview and caseload; in their calendar feed by reference only, never the note."""

    help_request = models.ForeignKey(HELP_REQUEST, on_delete=models.CASCADE, related_name="follow_up_reminders")
    supporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up reminder")
        verbose_name_plural = _("follow-up reminders")
        indexes = [models.Index(fields=["supporter", "done_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.help_request} {self.due_on:%Y-%m-%d}"
