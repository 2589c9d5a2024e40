"""The self-test pages (staff: aggregates and the municipality's own answers, no client data) and
the public information page with its A4 flyer."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from naast.accounts.roles import Role
from naast.core.forms import apply_errors
from naast.organisations.models import ServiceProfile
from naast.reports import outputs

from . import flyer as flyer_pdf
from .forms import ChooseForm, SelfTestForm, field_prefix
from .information import BLOCKS, CONTACT_HEADING
from .report import answers_of
from .selectors import (
    can_fill_in_any,
    can_read,
    document_for,
    municipality_for,
    report_for,
    visible_self_tests,
)
from .services import save_self_test

DOWNLOAD_FORMATS = ("pdf", "json", "csv", "xlsx")


def _choice(request, *, edit: bool = False):
    """(form, municipality, year) from ?gemeente=&jaar=; municipality or year None while not chosen.
    A funder's municipality is always their own (`municipality_for`); the form then asks only the year."""
    municipality = municipality_for(request.user, request.GET.get("gemeente"), edit=edit)
    fixed = municipality if request.user.has_role(Role.FUNDER) else None
    chosen = "jaar" in request.GET
    data = {"year": request.GET.get("jaar", ""), "municipality": request.GET.get("gemeente", "")} if chosen else None
    form = ChooseForm(data, fixed_municipality=fixed, initial={"year": timezone.localdate().year})
    if not chosen or not form.is_valid():
        return form, municipality, None
    return form, fixed or form.cleaned_data["municipality"], form.cleaned_data["year"]


def _query(municipality, year) -> str:
    return urlencode({"gemeente": municipality.code, "jaar": year})


@require_GET
def overview(request):
    """The self-tests the user may read, and a form to open or start one."""
    if not can_read(request.user):
        raise PermissionDenied
    form, municipality, year = _choice(request)
    if municipality is not None and year is not None:
        return redirect(reverse("selftest:report") + "?" + _query(municipality, year))
    return render(request, "selftest/overview.html", {
        "form": form, "self_tests": visible_self_tests(request.user),
        "may_fill_in": can_fill_in_any(request.user), "fixed_municipality": municipality,
    })


@require_GET
def report(request):
    """The readable self-test report: summary per theme, every question, live figures, last year."""
    form, municipality, year = _choice(request)
    if municipality is None or year is None:
        return render(request, "selftest/overview.html", {
            "form": form, "self_tests": visible_self_tests(request.user),
            "may_fill_in": can_fill_in_any(request.user), "fixed_municipality": municipality})
    built = report_for(request.user, municipality, year)
    sections = {s.key: s for s in built.sections}
    themes = [{"section": s, "rows": s.tables[0].rows} for s in built.sections if s.key.startswith("theme_")]
    query = _query(municipality, year)
    may_edit = can_fill_in_any(request.user) and _may_edit(request.user, municipality)
    return render(request, "selftest/report.html", {
        "report": built, "municipality": municipality, "year": year, "themes": themes, "sections": sections,
        "summary": sections["summary"], "may_edit": may_edit,
        "edit_url": reverse("selftest:edit") + "?" + query,
        "downloads": {fmt: reverse("selftest:download", args=[fmt]) + "?" + query for fmt in DOWNLOAD_FORMATS},
        "documents": _documents(municipality, year),
    })


def _documents(municipality, year) -> dict:
    """question key -> its evidence documents, for links on the page."""
    return {key: list(answer.documents.all()) for key, answer in answers_of(municipality, year).items()}


def _may_edit(user, municipality) -> bool:
    try:
        return municipality_for(user, municipality.code, edit=True) == municipality
    except PermissionDenied:
        return False


@require_GET
def download(request, fmt: str):
    if fmt not in DOWNLOAD_FORMATS:
        raise PermissionDenied
    form, municipality, year = _choice(request)
    if municipality is None or year is None:
        return HttpResponse(_("Choose a municipality and a valid year first."), status=400,
                            content_type="text/plain; charset=utf-8")
    built = report_for(request.user, municipality, year)
    response = HttpResponse(outputs.render(built, fmt), content_type=outputs.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="zelftest-{municipality.code}-{year}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def edit(request):
    """Fill in or change the self-test of one municipality and year, all questions on one page."""
    form, municipality, year = _choice(request, edit=True)
    if municipality is None or year is None:
        return render(request, "selftest/overview.html", {
            "form": form, "self_tests": visible_self_tests(request.user), "may_fill_in": True,
            "fixed_municipality": municipality, "editing": True})
    answers = answers_of(municipality, year)
    previous = answers_of(municipality, year - 1)
    copy_from_last_year = not answers and previous and request.method == "GET" and "leeg" not in request.GET
    # A new year starts from last year's answers; last year's documents stay with last year.
    answer_form = SelfTestForm(request.POST or None, request.FILES or None,
                               answers=previous if copy_from_last_year else answers,
                               with_documents=not copy_from_last_year)
    if request.method == "POST" and answer_form.is_valid():
        try:
            save_self_test(municipality, year, answer_form.answers(), by=request.user)
        except ValidationError as error:
            apply_errors(answer_form, ValidationError({f"{field_prefix(key)}-upload": messages_
                                                       for key, messages_ in error.message_dict.items()}))
        else:
            messages.success(request, _("The self-test for %(year)s is saved.") % {"year": year})
            return redirect(reverse("selftest:report") + "?" + _query(municipality, year))
    if request.method == "POST" and answer_form.errors and request.FILES:
        messages.warning(request, _("Nothing is saved yet. Choose the documents again: a browser does not keep "
                                    "them after a mistake in the form."))
    return render(request, "selftest/edit.html", {
        "form": answer_form, "municipality": municipality, "year": year, "previous": previous,
        "copied": copy_from_last_year, "report_url": reverse("selftest:report") + "?" + _query(municipality, year),
    })


@require_GET
def document(request, pk: int):
    """An evidence document, for those who may read the municipality's self-test."""
    found = document_for(request.user, pk)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=_filename(found),
                            content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filename(found) -> str:
    import mimetypes

    return f"{found.title[:80]}{mimetypes.guess_extension(found.content_type) or ''}"


# --- the public information page ------------------------------------------------------------------
def _information_context(request) -> dict:
    return {"blocks": BLOCKS, "contact_heading": CONTACT_HEADING,
            "request_help_url": request.build_absolute_uri(reverse("intake:request_help"))}


@require_GET
def information(request):
    """What client support is, in plain language, for the municipality to link to from its letters."""
    return render(request, "selftest/information.html", _information_context(request))


@require_GET
def flyer(request):
    """The same text as a printable A4 flyer (its print CSS keeps it to one page)."""
    return render(request, "selftest/flyer.html", _information_context(request))


# The languages the PDF's fonts (reportlab's standard Helvetica, Latin-1) can print.
PDF_LANGUAGES = ("nl", "en")


@require_GET
def flyer_download(request):
    """The A4 flyer as a one-page PDF, in Dutch or English: its fonts print no other alphabet
    (Arabic, Cyrillic, Turkish and Polish letters would come out as boxes); the printable page
    (`flyer`) is in every resident language."""
    language = translation.get_language() if translation.get_language() in PDF_LANGUAGES else "nl"
    with translation.override(language):
        pdf = flyer_pdf.render(ServiceProfile.get())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="clientondersteuning.pdf"'
    return response
