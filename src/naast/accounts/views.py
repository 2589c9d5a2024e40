"""Staff account pages: second-factor verification at login and authenticator-app enrolment."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp import login as otp_login

from naast.core.forms import Form

from . import twofactor


class TokenForm(Form):
    token = forms.CharField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/staff/"


@login_required
def verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "")
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
    context = {"enabled": enabled, "form": form}
    if device:
        context.update(qr_svg=twofactor.qr_svg(device), secret=twofactor.secret_for_typing(device))
    return render(request, "accounts/two_factor.html", context)
