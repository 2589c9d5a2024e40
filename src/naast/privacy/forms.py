from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from naast.core.forms import Form

from .models import AuditEvent


class AuditFilterForm(Form):
    marks_no_optional = True  # every field narrows the list: none is marked "optional"
    who = forms.CharField(label=_("Staff member"), required=False, max_length=150)
    action = forms.ChoiceField(label=pgettext_lazy("audit", "Action"), required=False, choices=[("", _("All"))] + AuditEvent.Action.choices)
    reference = forms.CharField(label=_("Help-request reference"), required=False, max_length=30)
    client_id = forms.IntegerField(label=_("Client number"), required=False, min_value=1)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Up to and including"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise ValidationError(_("The start date is after the end date."))
        return cleaned


class ClientExportForm(Form):
    """Find a client for the right of access by any of their help requests' references."""

    reference = forms.CharField(label=_("Help-request reference"), max_length=40,
                                help_text=_("Any help request of the resident, for example HV-7K3M-9P2Q."))

    def clean_reference(self):
        from .client_export import ExportError, client_for_reference

        try:
            self.client, self.help_request = client_for_reference(self.cleaned_data["reference"].replace("\x00", ""))
        except ExportError as exc:
            raise ValidationError(str(exc)) from exc
        return self.help_request.reference
class ReferenceForm(Form):
    reference = forms.CharField(label=_("Help-request reference"), max_length=30,
                                help_text=_("Any reference of one of the resident's help requests, e.g. HV-7K3M-9P2Q."))

    def clean_reference(self):
        from naast.registry.models import HelpRequest

        reference = self.cleaned_data["reference"].strip().upper()
        if not HelpRequest.objects.filter(reference=reference).exists():
            raise ValidationError(_("No help request has this reference. Check it and try again."))
        if self.needs_client and not HelpRequest.objects.filter(reference=reference, client__isnull=False).exists():
            raise ValidationError(_("No resident is recorded with this help request, so there is no one to erase. "
                                    "Its question is blanked when its retention period ends."))
        return reference

    needs_client = True


class ErasureForm(Form):
    reference = forms.CharField(widget=forms.HiddenInput, max_length=30)
    reason = forms.CharField(label=_("Reason for the erasure"), max_length=250,
                             help_text=_("For example: the resident's request of 3 December by letter. Kept in the audit log."),
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm_open = forms.BooleanField(
        label=_("Erase even though a help request is still open"), required=False,
        help_text=_("The open request stays open, without the resident's data. Tell the supporter."))


class HoldForm(Form):
    reference = forms.CharField(label=_("Help-request reference"), max_length=30)
    reason = forms.CharField(label=_("Reason for the legal hold"), max_length=250,
                             help_text=_("For example: complaint procedure, court case, question of the supervisory authority."))

    needs_client = False

    def clean_reference(self):
        return ReferenceForm.clean_reference(self)


class LiftHoldForm(Form):
    hold = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    lift_reason = forms.CharField(label=_("Reason for lifting the hold"), max_length=250)
