from django import forms
from django.utils.translation import gettext_lazy as _

from naast.core.forms import Form, ModelForm

from .models import Provision, Region
from .services import municipality_choices


class ProvisionForm(ModelForm):
    municipality_code = forms.ChoiceField(label=_("Municipality"))

    class Meta:
        model = Provision
        fields = ["provider", "provider_type", "parent_group", "parent_provides_care", "phone"]
        help_texts = {
            "parent_group": _("The organisation or group the provider belongs to, if any."),
            "parent_provides_care": _("Tick when that group (or another part of it) provides care itself."),
            "phone": _("The number residents call for client support, e.g. 0522 123 456."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality_code"].choices = [("", "---------"), *municipality_choices()]
        if self.instance.pk:
            self.initial["municipality_code"] = self.instance.municipality.code
        self.order_fields(["municipality_code"])

    def clean_provider(self):
        return " ".join(self.cleaned_data["provider"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("parent_provides_care") and not cleaned.get("parent_group"):
            self.add_error("parent_group", _("Name the group that provides care."))
        return cleaned

    def validate_unique(self):
        super().validate_unique()
        code, provider = self.cleaned_data.get("municipality_code"), self.cleaned_data.get("provider")
        if code and provider and "provider" not in self.errors:
            clash = Provision.objects.filter(municipality__code=code, provider__iexact=provider)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("provider", _("This provider is already registered for this municipality."))


class OverviewForm(Form):
    regio = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False,
                                   empty_label=_("All municipalities with providers"))
    peildatum = forms.DateField(label=_("As of (date)"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                help_text=_("Empty: as it is now. A past date shows the register as it stood "
                                            "at the end of that day."))

    def clean_peildatum(self):
        from django.utils import timezone

        day = self.cleaned_data.get("peildatum")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a date in the past."))
        return day
