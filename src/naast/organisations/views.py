"""The service's look on the public pages: its colours as a style sheet and its logo."""

import hashlib

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from . import branding
from .models import ServiceProfile


def _cached(request, response: HttpResponse, body: bytes) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def theme_css(request):
    """`:root { --naast-color-primary: ... }` from the service profile (empty without a colour)."""
    body = branding.theme_css(ServiceProfile.get()).encode()
    return _cached(request, HttpResponse(body, content_type="text/css; charset=utf-8"), body)


@require_GET
def logo(request):
    profile = ServiceProfile.get()
    if not profile.logo:
        raise Http404
    try:
        with profile.logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        raise Http404 from None
    content_type = branding.logo_content_type(data)
    if content_type is None:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return _cached(request, response, data)
