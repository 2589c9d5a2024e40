"""Request logging: one structured line per request, with a request id for tracing; its path is
redacted (`naast.core.redaction`), so no follow-up, calendar or survey secret reaches the log.
And the one rule for browser and proxy caches: staff pages and client data are never stored."""

import logging
import time
import uuid

from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers

from .redaction import redact_path

logger = logging.getLogger("naast.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex[:16]
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request.request_id
        level = logging.WARNING if response.status_code >= 500 else logging.INFO
        user = getattr(request, "user", None)
        logger.log(
            level,
            "request",
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": redact_path(request.path),
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


# The mark of a view that shows client-level data: `naast.privacy.decorators.client_data_view`
# sets it (privacy sits above core, so core reads the mark and never imports the decorator).
CLIENT_DATA_MARK = "client_data"


class NoStoreMiddleware:
    """Staff pages and client data stay out of every cache: each response under the staff pages
    (`/staff/`) or the admin (`/admin/`), and each response of a view carrying `CLIENT_DATA_MARK`,
    says `Cache-Control: no-store, private` (with Django's other never-cache headers), whatever
    the view said, redirects and errors included. A shared computer's browser, a proxy or a CDN
    then keeps no copy to show the next person."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefixes: tuple[str, ...] | None = None

    def prefixes(self) -> tuple[str, ...]:
        if self._prefixes is None:
            found = []
            for name in ("core:dashboard", "admin:index"):
                try:
                    found.append(reverse(name))
                except NoReverseMatch:
                    continue
            self._prefixes = tuple(found)
        return self._prefixes

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        marked = match is not None and getattr(match.func, CLIENT_DATA_MARK, False)
        if marked or request.path.startswith(self.prefixes()):
            add_never_cache_headers(response)
        return response


def is_staff_path(path: str) -> bool:
    """Staff pages (`/staff/`) and the admin (`/admin/`): Dutch and English only."""
    return path.startswith(("/staff/", "/admin/"))


class StaffLanguageMiddleware:
    """Residents may read Naast in six languages (settings.LANGUAGES); staff pages exist in Dutch
    and English only (settings.STAFF_LANGUAGES). A staff page asked for in another language (a
    coordinator whose browser or cookie says Arabic) is shown in Dutch, never half translated.
    The cookie is left alone: the public pages keep the resident's choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        if is_staff_path(request.path) and translation.get_language() not in settings.STAFF_LANGUAGES:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
