"""Template context every page needs: assets and the staff menu (the service's public face comes
from `naast.organisations.context_processors`)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from .extensions import menu_items
from .middleware import is_staff_path


def _has_static(prefix: str) -> bool:
    return any(entry[0] == prefix for entry in settings.STATICFILES_DIRS if isinstance(entry, tuple))


def utrecht_css() -> str:
    """The NL Design System style sheet the pages load: only the components they use
    (`naast build-css`), else the package's whole index.css, else none (Naast's own CSS alone)."""
    from . import nlds

    built = next((path for prefix, path in settings.STATICFILES_DIRS
                  if prefix == nlds.STATIC_PREFIX), None) if _has_static(nlds.STATIC_PREFIX) else None
    if built is not None and (built / nlds.OUTPUT_NAME).is_file():
        return f"{nlds.STATIC_PREFIX}/{nlds.OUTPUT_NAME}"
    return "vendor/utrecht/index.css" if _has_static("vendor/utrecht") else ""


def naast(request):
    context = {
        "utrecht_css": utrecht_css(),
        "has_htmx": _has_static("vendor/htmx"),
        "switch_languages": switch_languages(request),
        **dutch_content_marks(),
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


# As the speakers write them (Django's own list spells Arabic with a shadda).
NAMES_IN_THEMSELVES = {"nl": "Nederlands", "en": "English", "ar": "العربية", "tr": "Türkçe", "pl": "Polski",
                       "uk": "Українська"}


def switch_languages(request) -> list[dict]:
    """The languages of the switch in the header, each named in itself ("العربية", "Türkçe"):
    all of settings.LANGUAGES on public pages, settings.STAFF_LANGUAGES on staff pages."""
    staff = is_staff_path(getattr(request, "path", ""))
    codes = [code for code, _name in settings.LANGUAGES if not staff or code in settings.STAFF_LANGUAGES]
    current = translation.get_language()
    languages = []
    for code in codes:
        info = translation.get_language_info(code)
        name = NAMES_IN_THEMSELVES.get(code, info["name_local"])
        languages.append({"code": code, "name": name[:1].upper() + name[1:], "current": code == current,
                          "dir": "rtl" if info["bidi"] else "ltr"})
    return languages


def dutch_content_marks() -> dict:
    """Texts that exist in Dutch only (a service's name and description, a municipality's words)
    carry `lang="nl"` on a page in another language, so a screen reader pronounces them as Dutch:
    `nl_attr` for those, `label_attr` for the bilingual labels (life domains), Dutch except on
    English pages. On a right-to-left page they also carry `dir="ltr"`, so a Dutch sentence keeps
    its full stop at its end instead of at its start."""
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    dutch = ' lang="nl" dir="ltr"' if translation.get_language_bidi() else ' lang="nl"'
    return {
        "nl_attr": mark_safe(dutch) if current != "nl" else "",
        "label_attr": mark_safe(dutch) if current not in ("nl", "en") else "",
    }
