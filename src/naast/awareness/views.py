"""Awareness surveys: the report (readers of reports), the waves and the targets (coordinators and
administrators). Aggregates of anonymous survey answers only."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts.roles import Role
from naast.core.forms import query_int
from naast.reports import outputs
from naast.reports.figures import suppress
from naast.reports.periods import Period
from naast.reports.queries import Scope
from naast.reports.selectors import sees_suppressed_figures

from .forms import TargetForm, WaveForm
from .models import Target, Wave
from .report_kinds import build

READERS = (Role.FUNDER, Role.AUDITOR, Role.COORDINATOR, Role.ADMIN)
EDITORS = (Role.COORDINATOR, Role.ADMIN)


def can_read(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*READERS))


def can_edit(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*EDITORS))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _report(user):
    """Every wave so far; suppressed for those who see reports suppressed."""
    first = Wave.objects.order_by("held_on").values_list("held_on", flat=True).first() or timezone.localdate()
    last = max(timezone.localdate(), Wave.objects.order_by("-held_on").values_list("held_on", flat=True).first() or first)
    first = min(first, last)
    report = build(Period(first, last, "custom", f"{first.isoformat()}..{last.isoformat()}"), Scope())
    return suppress(report) if sees_suppressed_figures(user) else report


@login_required
def report_page(request):
    _require(can_read(request.user))
    report = _report(request.user)
    downloads = {fmt: reverse("awareness:download", args=[fmt]) + "?all=1" for fmt in ("csv", "xlsx", "pdf", "json")}
    return render(request, "awareness/report.html", {"report": report, "downloads": downloads,
                                                     "has_waves": Wave.objects.exists(),
                                                     "can_edit": can_edit(request.user)})


@login_required
def download(request, fmt: str):
    _require(can_read(request.user))
    if fmt not in outputs.FORMATS or fmt == "html":
        raise PermissionDenied
    body = outputs.render(_report(request.user), fmt, table_key=request.GET.get("table") or None)
    response = HttpResponse(body, content_type=outputs.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bekendheid-{date.today().isoformat()}.{fmt}"'
    return response


@login_required
def waves(request):
    _require(can_edit(request.user))
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wave = form.save()
        messages.success(request, _("Wave “%(name)s” added.") % {"name": wave.name})
        return redirect("awareness:waves")
    listed = Wave.objects.all().order_by("-held_on")
    from django.db.models import Count

    listed = listed.annotate(answers=Count("responses"))
    return render(request, "awareness/waves.html", {"form": form, "waves": listed})


@login_required
def wave_edit(request, pk):
    _require(can_edit(request.user))
    wave = get_object_or_404(Wave, pk=pk)
    answers = wave.responses.count()
    if request.method == "POST" and "delete" in request.POST:
        if request.POST.get("confirm") != "1":
            return render(request, "awareness/confirm_delete.html", {"wave": wave, "answers": answers})
        wave.delete()
        messages.success(request, _("Wave “%(name)s” deleted.") % {"name": wave.name})
        return redirect("awareness:waves")
    form = WaveForm(request.POST or None, instance=wave, has_answers=bool(answers))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Wave “%(name)s” saved.") % {"name": wave.name})
        return redirect("awareness:waves")
    return render(request, "awareness/wave_form.html", {"form": form, "wave": wave, "answers": answers})


@login_required
def targets(request):
    _require(can_edit(request.user))
    if request.method == "POST" and "delete" in request.POST:
        target = Target.objects.filter(pk=query_int(request.POST, "delete")).first()
        if target is not None:
            target.delete()
            messages.success(request, _("Target deleted."))
        return redirect("awareness:targets")
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("from_date", _("This audience already has a target from this date."))
        else:
            messages.success(request, _("Target added."))
            return redirect("awareness:targets")
    return render(request, "awareness/targets.html", {"form": form, "targets": Target.objects.all()})
