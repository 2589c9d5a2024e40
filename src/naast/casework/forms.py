"""Forms of the case file. They validate input; the rules themselves live in services.py."""

import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naast.core.forms import Form, LongTextField, ModelForm
from naast.registry.choices import Outcome
from naast.socialmap.models import Service

from .choices import (
    ActionOutcome,
    Agreement,
    ConsentForm,
    ContactKind,
    ExceedanceReason,
    ReferralKind,
    ReferralStatus,
    SignalTheme,
    SupportActionKind,
    ZrmDomain,
    ZrmLevel,
)
from .models import CaseFile, OtherHelper

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class CaseFileForm(ModelForm):
    class Meta:
        model = CaseFile
        fields = ["clarified_question", "hidden_questions", "goals", "target_group_notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class OtherHelperForm(ModelForm):
    class Meta:
        model = OtherHelper
        fields = ["name", "organisation_name", "role", "contact"]


class DocumentForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("For example: decision letter of the municipality, March."))
    upload = forms.FileField(label=_("File"), help_text=_("PDF, JPG, PNG, TXT, DOCX or ODT; at most 10 MB."))


class ContactForm(Form):
    occurred_at = forms.DateTimeField(label=_("Date and time"), initial=_now_minute, widget=DateTimeInput(),
                                      input_formats=DATETIME_FORMATS)
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices, initial=ContactKind.PHONE)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    colleague = forms.ModelChoiceField(label=_("Together with"), queryset=None, required=False,
                                       empty_label=_("Nobody: I was alone"),
                                       help_text=_("The second supporter of a duo."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # Needed only when this contact takes the support past the guideline (the service decides):
    # not marked optional, since for that contact they are not.
    exceedance_reason = forms.ChoiceField(
        label=_("Reason for passing the guideline"), required=False,
        choices=[("", "—")] + list(ExceedanceReason.choices),
        help_text=_("Needed when this contact takes the support past the guideline."),
    )
    exceedance_explanation = forms.CharField(label=_("Explanation"), required=False,
                                             widget=forms.Textarea(attrs={"rows": 2}))
    exceedance_reason.conditional = exceedance_explanation.conditional = True

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues
        if colleagues is None or not colleagues.exists():
            del self.fields["colleague"]


class AssessmentForm(Form):
    assessed_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, previous: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not assessed"))] + [(str(v), f"{v} – {label}") for v, label in ZrmLevel.choices]
        for code, label in ZrmDomain.choices:
            self.fields[f"level_{code}"] = forms.TypedChoiceField(
                label=label, choices=choices, required=False, coerce=int, empty_value=None,
                initial=(previous or {}).get(code),
            )

    def domain_fields(self):
        return [self[f"level_{code}"] for code in ZrmDomain.values]

    def levels(self) -> dict:
        return {code: self.cleaned_data.get(f"level_{code}") for code in ZrmDomain.values}


class AppointmentForm(Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS)
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=480, initial=60)
    location = forms.CharField(label=_("Location"), max_length=200, required=False,
                               help_text=_("The calendar feed shows this and the reference, never the resident's name."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False,
                           help_text=_("Stays in Naast, unless you tick the box below."))
    note_in_calendar = forms.BooleanField(
        label=_("Also show the note in the calendar app"), required=False,
        help_text=_("Calendar apps keep what they fetch on phones and in clouds outside Naast. Only tick this "
                    "when the note names nobody and says nothing about the resident's situation."),
    )
    colleague = forms.ModelChoiceField(label=_("Together with"), queryset=None, required=False,
                                       empty_label=_("Nobody: I go alone"))

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues
        if colleagues is None or not colleagues.exists():
            del self.fields["colleague"]
        if self.is_bound and "confirm_overlap" in self.data:
            self.ask_overlap()

    def ask_overlap(self) -> None:
        """After a double booking was found: the box that plans it anyway."""
        if "confirm_overlap" not in self.fields:
            self.fields["confirm_overlap"] = forms.BooleanField(
                label=_("Plan it anyway, although it overlaps another appointment"), required=False,
                widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}))


class ReminderForm(Form):
    due_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("What to follow up"), max_length=200,
                           help_text=_("Only for you, on your overview. Your calendar app shows the date and the "
                                       "reference, never this note."))


class SupportActionForm(Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportActionKind.choices)
    happened_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DateInput())
    counterpart = forms.CharField(label=_("With whom"), max_length=200, required=False,
                                  help_text=_("The municipality, organisation or person involved."))
    description = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ActionOutcome.choices, initial=ActionOutcome.PENDING)
    outcome_note = forms.CharField(label=_("About the outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ActionOutcomeForm(Form):
    action = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ActionOutcome.choices,
                                error_messages={"invalid_choice": _("Choose an outcome from the list.")})
    outcome_note = forms.CharField(label=_("About the outcome"), required=False, max_length=2000)


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        organisation = obj.organization.name if obj.organization_id else ""
        return f"{obj.name} ({organisation})" if organisation and organisation != obj.name else obj.name


class ReferralForm(Form):
    service = ServiceChoiceField(label=_("Service from the social map"), queryset=Service.objects.none(),
                                 widget=forms.RadioSelect, empty_label=None,
                                 error_messages={"required": _("Search the social map and choose a service."),
                                                 "invalid_choice": _("Search the social map and choose a service.")})
    kind = forms.ChoiceField(label=_("Kind of referral"), choices=ReferralKind.choices, widget=forms.RadioSelect,
                             initial=ReferralKind.WARM)
    shares_personal_data = forms.BooleanField(
        label=_("I share the resident's personal data with the receiver"), required=False,
        help_text=_("Only with the resident's consent. Without it, give the resident the information instead."),
    )
    consent_given = forms.BooleanField(label=_("The resident has given consent"), required=False)
    consent_form = forms.ChoiceField(label=_("How consent was given"), required=False,
                                     choices=[("", "—")] + list(ConsentForm.choices),
                                     help_text=_("Needed when you share personal data."))
    consent_form.conditional = True  # required with shared personal data: not marked optional
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    conflict_confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        """`candidates`: the services found by the search; the one already chosen is always valid."""
        super().__init__(*args, **kwargs)
        ids = [s.pk for s in candidates]
        chosen = self.data.get("service") if self.is_bound else None
        condition = Q(pk__in=ids)
        if chosen:
            try:
                condition |= Q(pk=uuid.UUID(str(chosen)))
            except ValueError:
                pass
        self.fields["service"].queryset = (
            Service.objects.filter(condition, archived_at__isnull=True).select_related("organization").order_by("name")
        )


class ReferralStatusForm(Form):
    referral = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)
    waiting_weeks = forms.IntegerField(label=_("Waiting time (weeks)"), min_value=0, max_value=260, required=False)


class SignalForm(Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=SignalTheme.choices)
    organisation_name = forms.CharField(label=_("Organisation or service concerned"), max_length=200, required=False)
    text = forms.CharField(
        label=_("The signal"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Write it so it can be shared: no names or details that identify the resident."),
    )
    shareable = forms.TypedChoiceField(
        label=_("Who may read it"), widget=forms.RadioSelect, coerce=lambda v: v == "yes", initial="yes",
        choices=[("yes", _("Shareable: may go to the municipality in reports, after a coordinator's review")),
                 ("no", _("Internal only"))],
    )


class SignalReviewForm(Form):
    """The coordinator's wording of a signal for the report; whether it may go is the service's rule."""

    approved_text = forms.CharField(
        label=_("Text to share"), widget=forms.Textarea(attrs={"rows": 6}), max_length=2000, required=False,
        help_text=_("This is what the municipality reads in the signalling report. Describe the gap in policy or "
                    "services, without names, contact details, numbers or dates that can identify someone. The "
                    "supporter's own text stays in the case file unchanged."),
    )


class CloseForm(Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    summary = forms.CharField(label=_("Short summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    invite_to_survey = forms.BooleanField(label=_("Invite the resident to the satisfaction survey"), required=False,
                                          initial=True)


class ReopenForm(Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class CaseMeetingForm(Form):
    reference = forms.CharField(widget=forms.HiddenInput, max_length=20)
    question = forms.CharField(label=_("Question for the case meeting"), max_length=300, required=False)


class SurveyCodeForm(Form):
    code = forms.CharField(label=_("Your code"), max_length=20,
                           help_text=_("The code is in the letter or e-mail. For example: K7M3 9P2Q XR."))


AGREEMENT_CHOICES = [(str(v), label) for v, label in Agreement.choices]


class SurveyForm(Form):
    mark = forms.TypedChoiceField(
        label=_("What mark do you give us?"), help_text=_("1 is very bad. 10 is very good."),
        choices=[(str(i), str(i)) for i in range(1, 11)], coerce=int, widget=forms.RadioSelect,
    )
    felt_understood = forms.TypedChoiceField(label=_("I felt understood."), choices=AGREEMENT_CHOICES, coerce=int,
                                             widget=forms.RadioSelect)
    felt_seen = forms.TypedChoiceField(label=_("I felt seen."), choices=AGREEMENT_CHOICES, coerce=int,
                                       widget=forms.RadioSelect)
    fitted_own_question = forms.TypedChoiceField(label=_("The help fitted my own question."),
                                                 choices=AGREEMENT_CHOICES, coerce=int, widget=forms.RadioSelect)
    comment = LongTextField(
        label=_("Do you want to tell us more?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Please do not write your name. Your answer is anonymous."),
    )


# --- corrections (docs/domain.md §4): what changed and why; the old value stays in the history -------
REASON_HELP = _("The old value, your name, the time and this reason stay visible in the case file.")


class _CorrectionReason(Form):
    reason = forms.CharField(label=_("Why is this corrected?"), max_length=2000, help_text=REASON_HELP,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ContactCorrectionForm(_CorrectionReason):
    occurred_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS)
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    field_order = ["occurred_at", "kind", "minutes", "reason"]


class AssessmentCorrectionForm(_CorrectionReason):
    marks_no_optional = True  # each level shows what is recorded now ("not assessed" is a choice)

    def __init__(self, *args, levels: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not assessed"))] + [(str(v), f"{v} – {label}") for v, label in ZrmLevel.choices]
        for code, label in ZrmDomain.choices:
            self.fields[f"level_{code}"] = forms.TypedChoiceField(
                label=label, choices=choices, required=False, coerce=int, empty_value=None,
                initial=(levels or {}).get(code),
            )
        self.order_fields([*(f"level_{code}" for code in ZrmDomain.values), "reason"])

    def domain_fields(self):
        return [self[f"level_{code}"] for code in ZrmDomain.values]

    def levels(self) -> dict:
        return {code: self.cleaned_data.get(f"level_{code}") for code in ZrmDomain.values}


class ExceedanceCorrectionForm(_CorrectionReason):
    new_reason = forms.ChoiceField(label=_("Reason for passing the guideline"), choices=ExceedanceReason.choices)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["new_reason", "explanation", "reason"]


class WithdrawForm(_CorrectionReason):
    """Withdraw a record that should never have been made: it stops counting but stays in the history."""

    reason = forms.CharField(label=_("Why is this withdrawn?"), max_length=2000, help_text=REASON_HELP,
                             widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(label=_("Yes, withdraw it: it no longer counts in hours and reports"))
    field_order = ["reason", "confirm"]
