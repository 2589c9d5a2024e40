"""Pages of the social map: the public map for residents (B1, no JavaScript needed) and the
professional map with internal fields, editing, the freshness to-do list and search phrases."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naast.organisations.models import ServiceProfile

from . import learning, selectors, verification
from . import services as map_services
from .forms import (
    ClosuresFormSet,
    FeedbackForm,
    LocationForm,
    OpeningHoursFormSet,
    PhoneForm,
    ProviderServiceForm,
    SearchConceptForm,
    SearchForm,
    SearchPhraseForm,
    ServiceAreaForm,
    ServiceForm,
)
from .models import WEEKDAY_CODES, SearchConcept, SearchPhrase, Service, ServiceCorrection
from .permissions import can_edit_map, can_view_professional_map
from .search import search_services

PER_PAGE = 20


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 1000))
    except ValueError:
        return 1


def _search_context(request, audience: str) -> dict:
    form = SearchForm(request.GET or None, staff=audience == "staff")
    searched = bool(request.GET)
    result = None
    if searched:
        query = form.cleaned_data.get("q", "") if form.is_valid() else ""
        result = search_services(query, form.to_filters(), audience=audience, page=_page_number(request),
                                 per_page=PER_PAGE, base=selectors.card_queryset())
    params = request.GET.copy()
    params.pop("page", None)
    return {"form": form, "result": result, "searched": searched, "querystring": params.urlencode()}


# ---------------------------------------------------------------- public

FEEDBACK_RETURN = "beantwoord"
NOT_HELPED = "nee"


def public_search(request):
    context = _search_context(request, "public")
    result = context["result"]
    # Back from "did this help?" (FEEDBACK_RETURN): the same search shown again, not searched again;
    # after "no", with our own phone number and e-mail on top (`NOT_HELPED`).
    answer = request.GET.get(FEEDBACK_RETURN)
    returning = answer in ("1", NOT_HELPED)
    context["not_helped"] = ServiceProfile.get() if answer == NOT_HELPED and result is not None else None
    if result is not None and result.plan is not None and result.page == 1 and not returning:
        learning.record_search(result.plan.text, found=result.total > 0)
    # Asked once: after the answer the page thanks, and does not ask again.
    asked = result is not None and result.plan is not None and not returning
    context["feedback_form"] = FeedbackForm(initial={"q": result.plan.text}) if asked else None
    return render(request, "socialmap/public_search.html", context)


@require_POST
def public_feedback(request):
    """"Did this help?" under the results: counted per query and month, nothing about the person."""
    form = FeedbackForm(request.POST)
    if form.is_valid() and learning.feedback_allowed(request):
        learning.record_feedback(form.cleaned_data["q"], helped=form.cleaned_data["helped"] == "yes")
        messages.success(request, _("Thank you. Your answer helps us improve the map."))
    elif form.is_valid():
        messages.info(request, _("Thank you. We have already received many answers from you; this one was not counted."))
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    # Counted or not, a "no" is answered with who to call (on the results shown again).
    answer = NOT_HELPED if form.is_valid() and form.cleaned_data["helped"] == "no" else "1"
    return redirect(reverse("socialmap:search") + (f"?{urlencode({'q': query, FEEDBACK_RETURN: answer})}" if query else ""))


def public_detail(request, pk):
    service = selectors.public_service(pk)
    if service is None:
        raise Http404
    return render(request, "socialmap/public_detail.html", _detail_context(service))


def _detail_context(service: Service) -> dict:
    locations = [
        {"location": sal.location, "route": selectors.route_url(sal.location), "addresses": list(sal.location.addresses.all())}
        for sal in service.service_at_locations.all()
    ]
    return {"s": service, "locations": locations, "hours": selectors.opening_hours(service),
            "closures": selectors.closures(service)}


# ---------------------------------------------------------------- staff

def _require_viewer(request):
    if not can_view_professional_map(request.user):
        raise PermissionDenied


def _require_editor(request):
    if not can_edit_map(request.user):
        raise PermissionDenied


def _refer_url(service: Service, user) -> str:
    """The "refer" action belongs to case work; the link appears once that app provides it,
    and only to those who may refer (others would meet a 403)."""
    from naast.privacy import policy

    try:
        url = reverse("casework:refer")
    except NoReverseMatch:
        return ""
    return f"{url}?service={service.pk}" if policy.works_on_cases(user) else ""


@login_required
def staff_search(request):
    _require_viewer(request)
    context = _search_context(request, "staff")
    context["can_edit"] = can_edit_map(request.user)
    return render(request, "socialmap/staff_search.html", context)


@login_required
def staff_detail(request, pk):
    _require_viewer(request)
    service = selectors.staff_service(pk)
    if service is None:
        raise Http404
    context = _detail_context(service)
    context.update({
        "can_edit": can_edit_map(request.user), "refer_url": "" if service.is_archived else _refer_url(service, request.user),
        "history": selectors.history(service), "stale": selectors.is_stale(service),
    })
    return render(request, "socialmap/staff_detail.html", context)


@login_required
def staff_edit(request, pk=None):
    _require_editor(request)
    service = get_object_or_404(Service, pk=pk) if pk else None
    form = ServiceForm(request.POST or None, instance=service)
    current = map_services.public_phone(service)
    phone_form = PhoneForm(request.POST or None, initial={"phone": current.number if current else ""})
    if request.method == "POST" and all([form.is_valid(), phone_form.is_valid()]):
        with transaction.atomic():
            saved = map_services.save_service(form.save(commit=False), user=request.user, m2m=form.m2m())
            map_services.set_public_phone(saved, phone_form.cleaned_data["phone"], user=request.user)
        messages.success(request, _("The service “%(name)s” has been saved.") % {"name": saved.name})
        return redirect("socialmap:staff_detail", pk=saved.pk)
    return render(request, "socialmap/staff_form.html", {"form": form, "phone_form": phone_form, "s": service})


def _posted(request):
    """The POST data, also when it is empty (every box unticked), else None."""
    return request.POST if request.method == "POST" else None


def _saved(request, service: Service, message: str):
    messages.success(request, message % {"name": service.name})
    return redirect("socialmap:staff_detail", pk=service.pk)


def _schedule_sort_key(row):
    days = row.days()
    first = min((WEEKDAY_CODES.index(d) for d in days if d in WEEKDAY_CODES), default=7)
    return first, row.opens_at or dt.time.min


def _formset_page(request, service, formset, template, save, message):
    """Show a formset page; on a valid post save it (the service layer re-checks the rules and
    may refuse with a ValidationError, shown above the rows) and go back to the service."""
    if request.method == "POST" and formset.is_valid():
        try:
            save()
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages, error_class="nonform")
        else:
            return _saved(request, service, message)
    return render(request, template, {"formset": formset, "s": service})


@login_required
def staff_hours(request, pk):
    """Regular opening hours: rows of days + opening and closing time, a few empty rows to add."""
    _require_editor(request)
    service = get_object_or_404(Service, pk=pk)
    rows = sorted(map_services.regular_schedules(service), key=_schedule_sort_key)
    initial = [{"id": r.pk, "days": r.days(), "opens_at": r.opens_at, "closes_at": r.closes_at} for r in rows]
    formset = OpeningHoursFormSet(_posted(request), initial=initial, prefix="hours")
    return _formset_page(request, service, formset, "socialmap/staff_hours.html",
                         lambda: map_services.save_opening_hours(service, formset.periods(), user=request.user),
                         _("The opening hours of “%(name)s” have been saved."))


@login_required
def staff_closures(request, pk):
    """Closures (holidays, renovation) that are in force or still to come."""
    _require_editor(request)
    service = get_object_or_404(Service, pk=pk)
    initial = [{"id": r.pk, "valid_from": r.valid_from, "valid_to": r.valid_to, "note": r.description}
               for r in map_services.current_closures(service)]
    formset = ClosuresFormSet(_posted(request), initial=initial, prefix="closures")
    return _formset_page(request, service, formset, "socialmap/staff_closures.html",
                         lambda: map_services.save_closures(service, formset.closures(), user=request.user),
                         _("The closures of “%(name)s” have been saved."))


@login_required
def staff_location(request, pk):
    """Where residents go: the visiting address with coordinates and accessibility, or online only."""
    _require_editor(request)
    service = get_object_or_404(Service, pk=pk)
    sal = map_services.primary_location(service)
    form = LocationForm(_posted(request), initial=LocationForm.initial_for(sal.location if sal else None))
    if request.method == "POST" and form.is_valid():
        try:
            map_services.save_location(service, form.visiting_address(), user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _saved(request, service, _("The location of “%(name)s” has been saved."))
    context = {"form": form, "s": service, "location": sal.location if sal else None}
    if sal:
        context["shared_with"] = list(Service.objects.filter(service_at_locations__location=sal.location)
                                      .exclude(pk=service.pk).distinct().order_by("name")[:20])
        context["other_locations"] = service.service_at_locations.count() - 1
    return render(request, "socialmap/staff_location.html", context)


@login_required
def staff_areas(request, pk):
    """Service areas: municipalities and districts; none means everywhere."""
    _require_editor(request)
    service = get_object_or_404(Service.objects.prefetch_related("service_areas"), pk=pk)
    form = ServiceAreaForm(_posted(request), service=service)
    if request.method == "POST" and form.is_valid():
        map_services.save_service_areas(
            service, municipalities=form.cleaned_data["municipalities"], districts=form.cleaned_data["districts"],
            keep=form.cleaned_data.get("keep", ()), user=request.user,
        )
        return _saved(request, service, _("The service area of “%(name)s” has been saved."))
    return render(request, "socialmap/staff_areas.html", {"form": form, "s": service})


@login_required
@require_POST
def staff_verify(request, pk):
    _require_editor(request)
    service = get_object_or_404(Service, pk=pk)
    map_services.verify_service(service, user=request.user)
    messages.success(request, _("Marked as checked today. Thank you for keeping the map up to date."))
    return redirect(request.POST.get("next") if request.POST.get("next") == reverse("socialmap:todo")
                    else reverse("socialmap:staff_detail", kwargs={"pk": pk}))


@login_required
def staff_archive(request, pk):
    _require_editor(request)
    service = get_object_or_404(Service, pk=pk)
    if request.method == "POST":
        if service.is_archived:
            map_services.restore_service(service, user=request.user)
            messages.success(request, _("The service is back on the map."))
        else:
            map_services.archive_service(service, user=request.user)
            messages.success(request, _("The service has been archived. It is no longer shown on the map."))
        return redirect("socialmap:staff_detail", pk=pk)
    return render(request, "socialmap/staff_archive.html", {"s": service})


@login_required
def staff_todo(request):
    _require_editor(request)
    from naast.organisations.models import ServiceProfile

    return render(request, "socialmap/staff_todo.html", {
        "services": selectors.stale_services()[:500], "months": ServiceProfile.get().stale_after_months,
    })


@login_required
def phrase_list(request):
    _require_editor(request)
    form = SearchPhraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phrase = map_services.save_phrase(form.save(commit=False))
        messages.success(request, _("Search phrase “%(phrase)s” added.") % {"phrase": phrase.phrase})
        return redirect("socialmap:phrases")
    phrases = SearchPhrase.objects.select_related("life_domain", "term")
    return render(request, "socialmap/phrases.html", {"form": form, "phrases": phrases})


@login_required
def phrase_edit(request, pk):
    _require_editor(request)
    phrase = get_object_or_404(SearchPhrase, pk=pk)
    if request.method == "POST" and "delete" in request.POST:
        map_services.delete_phrase(phrase)
        messages.success(request, _("Search phrase “%(phrase)s” deleted.") % {"phrase": phrase.phrase})
        return redirect("socialmap:phrases")
    form = SearchPhraseForm(request.POST or None, instance=phrase)
    if request.method == "POST" and form.is_valid():
        map_services.save_phrase(form.save(commit=False))
        messages.success(request, _("Search phrase saved."))
        return redirect("socialmap:phrases")
    return render(request, "socialmap/phrase_form.html", {"form": form, "phrase": phrase})


# ---------------------------------------------------------------- the thesaurus and what residents searched

@login_required
def concept_list(request):
    _require_editor(request)
    q = request.GET.get("q", "").strip()[:100]
    concepts = SearchConcept.objects.select_related("life_domain").prefetch_related("terms")
    if q:
        concepts = concepts.filter(
            Q(key__icontains=q) | Q(expansion__icontains=q) | Q(phrases_nl__icontains=q) | Q(phrases_en__icontains=q)
            | Q(phrases_ar__icontains=q) | Q(phrases_tr__icontains=q) | Q(phrases_pl__icontains=q)
            | Q(phrases_uk__icontains=q)
        )
    return render(request, "socialmap/concepts.html", {"concepts": concepts, "q": q})


@login_required
def concept_edit(request, pk=None):
    _require_editor(request)
    concept = get_object_or_404(SearchConcept, pk=pk) if pk else None
    if concept and request.method == "POST" and "delete" in request.POST:
        map_services.delete_concept(concept)
        messages.success(request, _("Concept “%(key)s” deleted.") % {"key": concept.key})
        return redirect("socialmap:concepts")
    initial = {}
    if concept is None and request.GET.get("phrase"):
        phrase = " ".join(request.GET["phrase"].split())[:200]
        initial = {"phrases_nl": phrase, "key": slugify(phrase)[:60]}
    form = SearchConceptForm(request.POST or None, instance=concept, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = map_services.save_concept(form.save(commit=False), terms=form.cleaned_data["terms"])
        messages.success(request, _("Concept “%(key)s” saved. Search uses it from now on.") % {"key": saved.key})
        return redirect("socialmap:concepts")
    return render(request, "socialmap/concept_form.html", {"form": form, "concept": concept})


@login_required
def search_statistics(request):
    _require_editor(request)
    return render(request, "socialmap/search_statistics.html",
                  {"queries": learning.to_improve(), "summary": learning.monthly_summary()})


# ---------------------------------------------------------------- providers keep the map true

def provider_check(request, token):
    """The provider's personal page: confirm or correct its services, without an account."""
    check = verification.check_for(token)
    if check is None:
        raise Http404
    services = list(verification.services_due(check.organization)) or list(
        Service.objects.public().filter(organization=check.organization).order_by("name"))
    forms_ = [ProviderServiceForm(request.POST or None, instance=s, prefix=s.pk.hex) for s in services]
    note = request.POST.get("note", "")[:2000]
    if request.method == "POST" and all(f.is_valid() for f in forms_):
        answers = {f.instance.pk: {name: f.cleaned_data[name] for name in f.changed_data} or None for f in forms_}
        confirmed, corrected = verification.answer(check, answers, note)
        return render(request, "socialmap/provider_done.html",
                      {"organization": check.organization, "confirmed": confirmed, "corrected": corrected})
    return render(request, "socialmap/provider_check.html",
                  {"organization": check.organization, "forms": forms_, "note": note})


@login_required
def staff_corrections(request):
    _require_editor(request)
    if request.method == "POST":
        number = request.POST.get("correction", "")
        correction = get_object_or_404(ServiceCorrection, pk=int(number) if number.isdigit() else 0,
                                       state=ServiceCorrection.State.PENDING)
        if request.POST.get("action") == "approve":
            try:
                verification.approve(correction, request.user)
            except ValidationError:
                messages.error(request, _("This correction cannot be saved as it is; change the service by hand."))
                return redirect("socialmap:corrections")
            if correction.proposed:
                messages.success(request, _("The correction of “%(name)s” has been saved.") % {"name": correction.service.name})
            else:
                messages.success(request, _("The note has been removed from the list."))
        else:
            verification.reject(correction, request.user)
            messages.success(request, _("The correction of “%(name)s” has been rejected.") % {"name": correction.service.name})
        return redirect("socialmap:corrections")
    pending = ServiceCorrection.objects.filter(state=ServiceCorrection.State.PENDING).select_related("service", "check_request")
    return render(request, "socialmap/staff_corrections.html", {"corrections": pending})
