from django import forms
from django.utils.translation import gettext_lazy as _

from naast.core.forms import Form
from naast.organisations.models import MemberOrganisation, Municipality

from .periods import PeriodError, parse_period


class ReportForm(Form):
    kind = forms.ChoiceField(
        label=_("Report"), choices=[("monitor", _("Monitor report")), ("signals", _("Signalling report"))],
        initial="monitor", required=False,
    )
    period = forms.CharField(
        label=_("Period"), max_length=30,
        help_text=_("A year (2025), half-year (2025-H1), quarter (2025-Q3) or dates (2025-01-01..2025-03-31)."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), required=False, to_field_name="code",
        empty_label=_("All municipalities"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Member organisation"), queryset=MemberOrganisation.objects.all(), required=False,
        to_field_name="name", empty_label=_("All organisations"),
    )

    def __init__(self, *args, funder_municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        if funder_municipality is not None:
            # A funder only ever sees their own municipality: offer nothing else.
            self.fields["municipality"].queryset = Municipality.objects.filter(pk=funder_municipality.pk)
            self.fields["municipality"].empty_label = None

    def clean_kind(self):
        return self.cleaned_data.get("kind") or "monitor"

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
