"""The provider register: staff overview (now or as of a date), history, CSV export, editing, and
the public page (only when `NAAST_PUBLIC_PROVIDER_REGISTER` is on)."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.core.forms import query_int
from naast.core.spreadsheets import inert_row

from . import services
from .forms import OverviewForm, ProvisionForm
from .models import Provision, Region
from .selectors import can_edit, can_read, history, overview


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _chosen(request):
    form = OverviewForm(request.GET or None)
    region, as_of = None, None
    if form.is_bound and form.is_valid():
        region, as_of = form.cleaned_data["regio"], form.cleaned_data["peildatum"]
    return form, region, as_of


@login_required
def overview_page(request):
    _require(can_read(request.user))
    form, region, as_of = _chosen(request)
    rows = overview(region=region, as_of=as_of)
    return render(request, "providers/overview.html", {
        "form": form, "rows": rows, "region": region, "as_of": as_of, "can_edit": can_edit(request.user) and not as_of,
        "flagged": sum(1 for r in rows if r.flagged), "export_query": request.GET.urlencode(),
        "public_enabled": settings.NAAST_PUBLIC_PROVIDER_REGISTER,
    })


@login_required
def export_csv(request):
    _require(can_read(request.user))
    _form, region, as_of = _chosen(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["municipality_code", "municipality_name", "provider", "provider_type", "parent_group",
                     "parent_provides_care", "phone", "access_routes", "flagged", "flag_reasons"])
    for row in overview(region=region, as_of=as_of):
        for _pk, entry in row.entries or [(None, None)]:
            values = [row.code, row.name]
            if entry is None:
                values += ["", "", "", "", ""]
            else:
                values += [entry.provider, entry.provider_type, entry.parent_group,
                           ("yes" if entry.parent_provides_care else "no") if entry.parent_group else "", entry.phone]
            writer.writerow(inert_row([*values, str(row.routes), "yes" if row.flagged else "no",
                                       row.assessment.text if row.flagged else ""]))
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    day = (as_of or timezone.localdate()).isoformat()
    response["Content-Disposition"] = f'attachment; filename="aanbieders-clientondersteuning-{day}.csv"'
    return response


@login_required
def history_page(request):
    _require(can_read(request.user))
    region = Region.objects.filter(pk=query_int(request.GET, "regio")).first() if request.GET.get("regio") else None
    return render(request, "providers/history.html", {"changes": history(region), "region": region,
                                                      "regions": Region.objects.all()})


@login_required
def edit(request, pk=None):
    _require(can_edit(request.user))
    provision = get_object_or_404(Provision, pk=pk) if pk else None
    if provision and request.method == "POST" and "delete" in request.POST:
        if request.POST.get("confirm") != "1":
            return render(request, "providers/confirm_remove.html", {"provision": provision})
        services.remove_provision(provision, by=request.user)
        messages.success(request, _("%(provider)s removed from the register of %(municipality)s.")
                         % {"provider": provision.provider, "municipality": provision.municipality.name})
        return redirect("providers:overview")
    form = ProvisionForm(request.POST or None, instance=provision)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.municipality = services.register_municipality(form.cleaned_data["municipality_code"])
            result = services.save_provision(saved, by=request.user)
        saved = form.instance
        if result == "unchanged":
            messages.info(request, _("Nothing changed."))
        else:
            messages.success(request, _("%(provider)s saved for %(municipality)s.")
                             % {"provider": saved.provider, "municipality": saved.municipality.name})
        return redirect("providers:overview")
    return render(request, "providers/form.html", {"form": form, "provision": provision})


def public_page(request):
    """Who provides client support where, and why a flag is raised: for client councils and
    residents. Off unless the service publishes it (NAAST_PUBLIC_PROVIDER_REGISTER)."""
    if not settings.NAAST_PUBLIC_PROVIDER_REGISTER:
        raise Http404
    regions = list(Region.objects.all())
    region = None
    if chosen := query_int(request.GET, "regio"):
        region = next((r for r in regions if r.pk == chosen), None)
    elif len(regions) == 1:
        region = regions[0]
    rows = overview(region=region)
    return render(request, "providers/public.html", {"rows": rows, "regions": regions, "region": region,
                                                     "flagged": sum(1 for r in rows if r.flagged),
                                                     "today": timezone.localdate()})
