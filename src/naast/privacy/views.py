"""The privacy officer's audit log: search it and export it, in the browser."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import policy
from .forms import AuditFilterForm
from .models import AuditEvent
from .selectors import audit_events

EXPORT_ROW_CAP = 100_000


def _filtered(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, audit_events(**{k: v for k, v in filters.items() if v not in (None, "")})


@login_required
def audit_log(request):
    policy.require(policy.can_read_audit_log(request.user))
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/audit_log.html", {"form": form, "page": page})


class _Echo:
    def write(self, value):
        return value


@login_required
def audit_log_export(request):
    policy.require(policy.can_read_audit_log(request.user))
    _form, events = _filtered(request)
    policy.record_other(
        request, AuditEvent.Action.EXPORT, "privacy.auditevent", "*", "audit log", reason=request.GET.urlencode()
    )
    writer = csv.writer(_Echo())
    header = ["at", "username", "roles", "action", "object_type", "object_id", "object", "client_id", "reason", "path"]

    def rows():
        yield writer.writerow(header)
        for e in events[:EXPORT_ROW_CAP].iterator(chunk_size=2000):
            yield writer.writerow(
                [e.at.isoformat(), e.username, e.roles, e.action, e.object_type, e.object_id, e.object_label,
                 e.client_id or "", e.reason, e.path]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{timezone.localdate():%Y%m%d}.csv"'
    return response
