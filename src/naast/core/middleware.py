"""Request logging: one structured line per request, with a request id for tracing; its path is
redacted (`naast.core.redaction`), so no follow-up, calendar or survey secret reaches the log."""

import logging
import time
import uuid

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
