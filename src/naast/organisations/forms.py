"""Admin forms for the service profile and postcode areas."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PostcodeDistrict, normalise_postcode


class ServiceProfileForm(forms.ModelForm):
    """The tariff takes a decimal comma ("65,50") and shows one, as Dutch users write it. (No Meta:
    the admin builds the fields, with its own widgets and URL handling.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "off"})
        tariff = self.fields["hourly_tariff_eur"]
        tariff.localize = True
        tariff.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        tariff.widget.is_localized = True


class PostcodeField(forms.CharField):
    """Takes a postcode as people type it ("7971 ab") and keeps it as "7971AB": the maximum of 6
    characters applies to the normalised postcode, not to the typed text."""

    def __init__(self, **kwargs):
        kwargs["max_length"] = 6
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = "10"
        self.widget.attrs["autocomplete"] = "postal-code"

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        normalised = normalise_postcode(value)
        if not normalised:
            raise forms.ValidationError(_("Enter a Dutch postcode such as 1234 AB or 1234."), code="invalid")
        return normalised


class PostcodeDistrictForm(forms.ModelForm):
    class Meta:
        model = PostcodeDistrict
        fields = ["postcode", "district"]
        field_classes = {"postcode": PostcodeField}
