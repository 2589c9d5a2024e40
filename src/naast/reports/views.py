"""Staff report pages: the monitor report in HTML with downloads (CSV, XLSX, PDF, JSON). Aggregates only."""

from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from naast.accounts.roles import Role
from naast.privacy import policy

from . import outputs
from .forms import ReportForm
from .selectors import can_see_reports, report_for, resolve_scope


def _form(request):
    user = request.user
    funder_municipality = user.municipality if user.has_role(Role.FUNDER) else None
    data = request.GET.copy() if "period" in request.GET else None
    if data is None:
        initial = {"period": str(date.today().year - 1)}
        if funder_municipality is not None:
            initial["municipality"] = funder_municipality.code
        return ReportForm(initial=initial, funder_municipality=funder_municipality), None
    if funder_municipality is not None and data.get("municipality") not in ("", None, funder_municipality.code):
        raise PermissionDenied
    form = ReportForm(data, funder_municipality=funder_municipality)
    return form, (form.cleaned_data if form.is_valid() else None)


def _report(request, cleaned):
    municipality = cleaned.get("municipality")
    organisation = cleaned.get("organisation")
    return report_for(request.user, cleaned["kind"], cleaned["period"], municipality.code if municipality else "",
                      organisation.name if organisation else "")


def report_page(request):
    policy.require(can_see_reports(request.user))
    if request.user.has_role(Role.FUNDER) and request.user.municipality_id is None:
        raise PermissionDenied
    form, cleaned = _form(request)
    context = {"form": form, "report": None}
    if cleaned is not None:
        report = _report(request, cleaned)
        query = request.GET.copy()
        context.update(
            report=report,
            scope_label=resolve_scope(request.user, report.scope["municipality"] or "",
                                      report.scope["organisation"] or "").label(),
            downloads={fmt: reverse("reports:download", args=[fmt]) + "?" + urlencode(query)
                       for fmt in ("csv", "xlsx", "pdf", "json")},
        )
    return render(request, "reports/report.html", context)


def download(request, fmt: str):
    policy.require(can_see_reports(request.user))
    if fmt not in outputs.FORMATS or fmt == "html":
        raise PermissionDenied
    form, cleaned = _form(request)
    if cleaned is None:
        return HttpResponse(_("Choose a valid period first."), status=400, content_type="text/plain; charset=utf-8")
    report = _report(request, cleaned)
    body = outputs.render(report, fmt, table_key=request.GET.get("table") or None)
    response = HttpResponse(body, content_type=outputs.CONTENT_TYPES[fmt])
    scope = report.scope["municipality"] or "naast"
    response["Content-Disposition"] = f'attachment; filename="{report.kind}-{scope}-{report.period.replace("..", "_")}.{fmt}"'
    return response
