from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError

from naast.core.forms import StyledFormMixin

from .lockout import attempts_left_warning


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
