import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from naast.core.forms import StyledFormMixin

from .lockout import attempts_left_warning
from .models import SupporterProfile

LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


class LoginForm(StyledFormMixin, AuthenticationForm):
    """Django's login form with NL Design System styling; django-axes throttles it.

    When a wrong password leaves only a few attempts before the lockout, the form says so.
    """

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        warning = attempts_left_warning(self.request, self.cleaned_data.get("username"))
        if warning:
            return ValidationError([error, ValidationError(warning, code="attempts_left")])
        return error


class StaffPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    """Django's password change (old password, new twice, the password validators), styled."""


class LanguageListField(forms.CharField):
    """A list of ISO 639-1 language codes, typed as text: "nl, ar" is stored as ["nl", "ar"]."""

    default_error_messages = {
        "invalid": _("Enter two-letter language codes separated by commas, such as nl, en, ar. Not a code: %(codes)s."),
    }

    def __init__(self, *, encoder=None, decoder=None, **kwargs):  # what a JSONField offers its form field
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(code) for code in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        text = super().to_python(value)
        codes = [code.lower() for code in re.split(r"[\s,;/]+", text) if code]
        wrong = [code for code in codes if not LANGUAGE_CODE.match(code)]
        if wrong:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"codes": ", ".join(wrong)})
        return list(dict.fromkeys(codes))  # without repeats, in the order typed


class SupporterProfileForm(forms.ModelForm):
    """A supporter's profile in the admin: languages as "nl, en, ar" rather than JSON."""

    class Meta:
        model = SupporterProfile
        fields = ["life_domains", "target_groups", "districts", "languages", "contracted_hours_per_week",
                  "absent_from", "absent_until"]
        field_classes = {"languages": LanguageListField}
