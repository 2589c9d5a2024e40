from django.contrib.auth.forms import AuthenticationForm

from naast.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    """Django's login form with NL Design System styling; django-axes throttles it."""
