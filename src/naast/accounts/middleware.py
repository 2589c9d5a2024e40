"""Staff pages open only after the second factor, when the user has one (or must have one)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .twofactor import has_two_factor

ALWAYS_OPEN = ("accounts:login", "accounts:logout", "accounts:verify", "accounts:two_factor")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(("/staff/", "/admin/"))
            and not user.is_verified()
            and request.path not in {reverse(name) for name in ALWAYS_OPEN}
        ):
            if has_two_factor(user):
                return redirect(f"{reverse('accounts:verify')}?next={request.get_full_path()}")
            if settings.NAAST.get("REQUIRE_2FA"):
                return redirect("accounts:two_factor")
        return self.get_response(request)
