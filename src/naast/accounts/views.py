"""Staff account pages: second-factor verification at login, authenticator-app enrolment,
logging out and changing one's password."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp import login as otp_login

from naast.core.forms import Form

from . import twofactor
from .forms import StaffPasswordChangeForm
from .roles import CASEWORK_ROLES


class TokenForm(Form):
    token = forms.CharField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        """Six digits, spaces allowed ("123 456"); anything else is a typing slip, not a wrong code."""
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not (len(token) == 6 and token.isascii() and token.isdigit()):
            raise ValidationError(gettext_lazy("Enter the 6 digits from your app."), code="format")
        return token


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/staff/"


@login_required
def verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in devices_for_user(request.user, confirmed=True):
            if device.verify_token(token):
                otp_login(request, device)
                return redirect(_safe_next(request))
        form.add_error("token", _("That code is not right. Check the time on your phone and try the newest code."))
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request)})


@login_required
def two_factor(request):
    user = request.user
    enabled = twofactor.has_two_factor(user)
    if request.method == "POST" and request.POST.get("action") == "remove" and enabled:
        if not user.is_verified():
            return redirect("accounts:verify")
        twofactor.remove_devices(user)
        messages.success(request, _("Two-step login is switched off."))
        return redirect("accounts:two_factor")
    device = None if enabled else twofactor.pending_device(user)
    form = TokenForm(request.POST or None) if device else None
    if device and request.method == "POST" and form.is_valid():
        if twofactor.confirm_device(device, form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Two-step login is on. From now on you enter a code after your password."))
            return redirect("accounts:two_factor")
        form.add_error("token", _("That code is not right. Scan the code again and enter the newest 6 digits."))
    context = {"enabled": enabled, "form": form, "sees_client_data": request.user.has_role(*CASEWORK_ROLES)}
    if device:
        context.update(qr_svg=twofactor.qr_svg(device), secret=twofactor.secret_for_typing(device))
    return render(request, "accounts/two_factor.html", context)


class LogoutView(auth_views.LogoutView):
    """Django's logout, and the login page it leads to says so."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change: checks the current password, runs the password validators and
    keeps this session logged in (update_session_auth_hash); other sessions are logged out."""

    form_class = StaffPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
