from django import forms
from django.utils.translation import gettext_lazy as _

from naast.core.forms import Form
from naast.organisations.models import MemberOrganisation, Municipality

from .periods import PeriodError, example_year, parse_period


class ReportForm(Form):
    marks_no_optional = True  # every field narrows the list: none is marked "optional"
    kind = forms.ChoiceField(
        label=_("Report"), choices=[("monitor", _("Monitor report")), ("signals", _("Signalling report"))],
        initial="monitor", required=False,
    )
    period = forms.CharField(
        label=_("Period"), max_length=30,
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
        # The examples use the same year as the error messages (last year), never a fixed one.
        self.fields["period"].help_text = _(
            "A year (%(year)s), half-year (%(year)s-H1), quarter (%(year)s-Q3) or dates (%(year)s-01-01..%(year)s-03-31)."
        ) % {"year": example_year()}
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
