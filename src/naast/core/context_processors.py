"""Template context every page needs: assets and the staff menu (the service's public face comes
from `naast.organisations.context_processors`)."""

from django.conf import settings
from django.urls import reverse

from .extensions import menu_items


def _has_static(prefix: str) -> bool:
    return any(entry[0] == prefix for entry in settings.STATICFILES_DIRS if isinstance(entry, tuple))


def naast(request):
    context = {
        "has_utrecht_css": _has_static("vendor/utrecht"),
        "has_htmx": _has_static("vendor/htmx"),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        menu = []
        for item in menu_items():
            if item.allowed(user):
                url = reverse(item.url_name)
                menu.append({"url": url, "label": item.label, "current": request.path.startswith(url)
                             and (url != reverse("core:dashboard") or request.path == url)})
        context["staff_menu"] = menu
    return context
