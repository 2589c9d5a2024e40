"""Staff pages of the case file, the supporter's caseload and the case meeting (the calendar feed and
the resident's survey are in `feed_and_survey_views.py`). Views are thin: policy → form → service →
render."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from naast.accounts.roles import Role
from naast.core.forms import apply_errors, query_int, query_text
from naast.privacy import policy
from naast.privacy.decorators import client_data_view
from naast.registry import corrections
from naast.registry.models import HelpRequest

from . import forms, selectors, services
from .charts import zrm_chart, zrm_summary
from .models import (
    Appointment,
    Contact,
    FollowUpReminder,
    GuidelineExceedance,
    Referral,
    SelfSufficiencyAssessment,
    SupportAction,
)

Action = policy.Action


# --- helpers -----------------------------------------------------------------------------------
def _load(request, reference: str) -> HelpRequest:
    """The help request for a case-file page: read on GET, change on POST; both audited."""
    if request.method == "POST":
        help_request = policy.get_help_request_for(request, reference, Action.CHANGE)
        policy.require(policy.can_view_case_file(request.user, help_request))
        return help_request
    return policy.get_help_request_for(request, reference, case_file=True)


def _errors_as_text(form) -> str:
    """A small inline form's errors for a message after its redirect: "Label: message"."""
    return " ".join(
        f"{form.fields[name].label}: {error}" if name in form.fields and form.fields[name].label else str(error)
        for name, errors in form.errors.items() for error in errors
    )


def _case_url(help_request: HelpRequest, name: str = "case_file") -> str:
    return reverse(f"casework:{name}", kwargs={"reference": help_request.reference})


def _confirm(request, help_request: HelpRequest, tab: str, *, name: str, value, title: str, warning: str,
             confirm_label: str, back_url: str):
    """The second step before something that cannot be undone: it says what will happen; the
    same POST with `confirmed` does it."""
    return _render(request, "casework/confirm.html", help_request, tab, name=name, value=value, title=title,
                   warning=warning, confirm_label=confirm_label, back_url=back_url)


def _render(request, template: str, help_request: HelpRequest, tab: str, **context):
    context.update({"hr": help_request, "tab": tab, "can_change": help_request.is_open,
                    "can_correct": policy.can_correct(request.user, help_request)})
    return render(request, template, context)


# --- the case file -----------------------------------------------------------------------------
@client_data_view
@require_http_methods(["GET"])
def case_file(request, reference: str):
    help_request = _load(request, reference)
    page = selectors.case_file_page(help_request)
    zrm = page.zrm
    contact_form = forms.ContactForm(colleagues=selectors.colleagues_on(help_request, request.user))
    return _render(request, "casework/case_file.html", help_request, "overview", page=page,
                   contact_form=contact_form, chart=zrm_chart(zrm) if page.assessments else "",
                   zrm_summary=zrm_summary(zrm))


@client_data_view
@require_http_methods(["GET", "POST"])
def edit_case_file(request, reference: str):
    help_request = _load(request, reference)
    instance = services.case_file_for(help_request) if request.method == "POST" else (
        getattr(help_request, "case_file", None) or None)
    form = forms.CaseFileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.update_case_file(help_request, by=request.user, **form.cleaned_data)
        messages.success(request, _("The question and goals are saved."))
        return redirect(_case_url(help_request))
    return _render(request, "casework/edit_case_file.html", help_request, "overview", form=form)


@client_data_view
@require_http_methods(["GET", "POST"])
def contacts(request, reference: str):
    help_request = _load(request, reference)
    form = forms.ContactForm(request.POST or None, colleagues=selectors.colleagues_on(help_request, request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        supporters = [request.user] + ([data["colleague"]] if data.get("colleague") else [])
        try:
            services.log_contact(
                help_request, by=request.user, kind=data["kind"], minutes=data["minutes"],
                occurred_at=data["occurred_at"], supporters=supporters, note=data["note"],
                exceedance_reason=data["exceedance_reason"], exceedance_explanation=data["exceedance_explanation"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Contact saved: %(minutes)s minutes. Total now %(total)s of %(guideline)s minutes.")
                             % {"minutes": data["minutes"], "total": help_request.minutes_spent,
                                "guideline": services.guideline_minutes()})
            return redirect(_case_url(help_request) + "#timeline")
    page_contacts = Paginator(
        help_request.contacts.prefetch_related("supporters").order_by("-occurred_at", "-id"), 50
    ).get_page(request.GET.get("page"))
    guideline = services.guideline_minutes()
    exceedances = list(help_request.guideline_exceedances.filter(withdrawn_at__isnull=True))
    ask_reason = (help_request.minutes_spent + 240 > guideline and not exceedances) or "exceedance_reason" in form.errors
    return _render(request, "casework/contacts.html", help_request, "contacts", form=form, page=page_contacts,
                   guideline_minutes=guideline, ask_reason=ask_reason, exceedances=exceedances)


@client_data_view
@require_http_methods(["GET", "POST"])
def assessments(request, reference: str):
    help_request = _load(request, reference)
    items = list(help_request.assessments.filter(withdrawn_at__isnull=True).select_related("assessed_by")
                 .prefetch_related("scores"))
    previous = items[-1].levels() if items else {}
    form = forms.AssessmentForm(request.POST or None, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_assessment(help_request, by=request.user, levels=form.levels(),
                                       assessed_on=form.cleaned_data["assessed_on"], note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The assessment is saved."))
            return redirect(_case_url(help_request, "assessments"))
    comparison = selectors.zrm_comparison(items)
    return _render(request, "casework/assessments.html", help_request, "zrm", form=form, zrm=comparison,
                   chart=zrm_chart(comparison) if items else "", summary=zrm_summary(comparison))


# --- corrections of contacts, assessments and exceedance reasons ----------------------------------
@dataclass(frozen=True)
class _Correctable:
    """One kind of case-file record that can be corrected or withdrawn (docs/domain.md §4)."""

    model: type
    tab: str
    back: str  # the case-file page the record is listed on
    title: str  # lazy
    form: type
    initial: Callable  # record -> initial form values
    correct: Callable  # (record, by, reason, cleaned_data, form) -> corrections
    withdraw: Callable  # (record, by, reason) -> correction
    describe: Callable  # record -> str


CORRECTABLE = {
    "contact": _Correctable(
        Contact, "contacts", "contacts", gettext_lazy("Correct a contact"), forms.ContactCorrectionForm,
        lambda c: {"occurred_at": timezone.localtime(c.occurred_at), "kind": c.kind, "minutes": c.minutes},
        lambda c, by, reason, data, form: services.correct_contact(
            c, by=by, reason=reason, minutes=data["minutes"], kind=data["kind"], occurred_at=data["occurred_at"]),
        lambda c, by, reason: services.withdraw_contact(c, by=by, reason=reason),
        lambda c: _("%(kind)s on %(when)s, %(minutes)s min.") % {
            "kind": c.get_kind_display(), "when": date_format(timezone.localtime(c.occurred_at), "j F Y H:i"),
            "minutes": c.minutes},
    ),
    "assessment": _Correctable(
        SelfSufficiencyAssessment, "zrm", "assessments", gettext_lazy("Correct an assessment"),
        forms.AssessmentCorrectionForm, lambda a: {},
        lambda a, by, reason, data, form: services.correct_assessment(a, by=by, reason=reason, levels=form.levels()),
        lambda a, by, reason: services.withdraw_assessment(a, by=by, reason=reason),
        lambda a: _("Assessment of %(date)s") % {"date": date_format(a.assessed_on, "j F Y")},
    ),
    "exceedance": _Correctable(
        GuidelineExceedance, "contacts", "contacts", gettext_lazy("Correct the reason for passing the guideline"),
        forms.ExceedanceCorrectionForm, lambda e: {"new_reason": e.reason, "explanation": e.explanation},
        lambda e, by, reason, data, form: services.correct_exceedance(
            e, by=by, reason=reason, new_reason=data["new_reason"], explanation=data["explanation"]),
        lambda e, by, reason: services.withdraw_exceedance(e, by=by, reason=reason),
        lambda e: f"{e.get_reason_display()}: {e.explanation}",
    ),
}


@client_data_view
@require_http_methods(["GET", "POST"])
def correct_record(request, reference: str, kind: str, pk: int):
    """Correct or withdraw one contact, assessment or exceedance reason, always with a reason."""
    correctable = CORRECTABLE.get(kind)
    if correctable is None:
        raise Http404
    action = Action.CHANGE if request.method == "POST" else Action.READ
    help_request = policy.get_help_request_for(request, reference, action, reason="correction", correct=True)
    item = correctable.model.objects.filter(help_request=help_request, pk=pk).first()
    if item is None:
        raise Http404
    form_kwargs = {"levels": item.levels()} if kind == "assessment" else {}
    withdrawing = request.method == "POST" and "withdraw" in request.POST
    form = correctable.form(None if withdrawing else (request.POST or None),
                            initial=correctable.initial(item), **form_kwargs)
    withdraw_form = forms.WithdrawForm(request.POST if withdrawing else None, prefix="withdraw")
    back = _case_url(help_request, correctable.back)
    if item.withdrawn_at is None and request.method == "POST":
        chosen = withdraw_form if withdrawing else form
        if chosen.is_valid():
            reason = chosen.cleaned_data["reason"]
            try:
                if withdrawing:
                    correctable.withdraw(item, request.user, reason)
                    messages.success(request, _("Withdrawn. It no longer counts; the case file's history keeps it."))
                else:
                    made = correctable.correct(item, request.user, reason, chosen.cleaned_data, chosen)
                    messages.success(request, _("Corrected: %(fields)s.") % {
                        "fields": ", ".join(str(c.field_label).lower() for c in made)})
            except ValidationError as error:
                apply_errors(chosen, error)
            else:
                return redirect(back)
    return _render(request, "casework/correct_record.html", help_request, correctable.tab, form=form,
                   withdraw_form=withdraw_form, item=item, kind=kind, title=correctable.title,
                   description=correctable.describe(item), back_url=back,
                   history=corrections.history(help_request).filter(object_id=item.pk, subject=kind))


@client_data_view
@require_http_methods(["GET", "POST"])
def appointments(request, reference: str):
    help_request = _load(request, reference)
    colleagues = selectors.colleagues_on(help_request, request.user)
    form = forms.AppointmentForm(None if "cancel" in request.POST else (request.POST or None), colleagues=colleagues)
    if request.method == "POST" and "cancel" in request.POST:
        appointment = Appointment.objects.filter(help_request=help_request, pk=query_int(request.POST, "cancel")).first()
        if appointment is None:
            raise Http404
        if "confirmed" not in request.POST:
            when = date_format(timezone.localtime(appointment.starts_at), "l j F Y H:i")
            return _confirm(
                request, help_request, "appointments", name="cancel", value=appointment.pk,
                title=_("Cancel the appointment?"),
                warning=_("The appointment of %(when)s is cancelled, also in the supporters' calendar apps. "
                          "The resident does not hear it from Naast: let them know yourself.") % {"when": when},
                confirm_label=_("Yes, cancel the appointment"), back_url=_case_url(help_request, "appointments"),
            )
        services.cancel_appointment(appointment)
        messages.success(request, _("The appointment is cancelled. Let the resident know."))
        return redirect(_case_url(help_request, "appointments"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_appointment(
                help_request, by=request.user, starts_at=data["starts_at"], minutes=data["minutes"],
                location=data["location"], note=data["note"], note_in_calendar=data["note_in_calendar"],
                supporters=[request.user] + ([data["colleague"]] if data.get("colleague") else []),
                allow_overlap=bool(data.get("confirm_overlap")),
            )
        except ValidationError as error:
            if any(e.code == "overlap" for errors in getattr(error, "error_dict", {}).values() for e in errors):
                form.ask_overlap()
            apply_errors(form, error)
        else:
            messages.success(request, _("The appointment is planned. It appears in your calendar feed."))
            return redirect(_case_url(help_request, "appointments"))
    items = help_request.appointments.prefetch_related("supporters").order_by("-starts_at")
    return _render(request, "casework/appointments.html", help_request, "appointments", form=form, items=items,
                   now=timezone.now())


@client_data_view
@require_http_methods(["GET", "POST"])
def reminders(request, reference: str):
    """The supporter's own follow-up reminders on this request: a date and a note."""
    help_request = _load(request, reference)
    mine = FollowUpReminder.objects.filter(help_request=help_request, supporter=request.user)
    form = forms.ReminderForm(None if "done" in request.POST else (request.POST or None))
    if request.method == "POST" and "done" in request.POST:
        reminder = mine.filter(pk=query_int(request.POST, "done")).first()
        if reminder is None:
            raise Http404
        services.complete_reminder(reminder)
        messages.success(request, _("The reminder is done."))
        return redirect(_case_url(help_request, "reminders"))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_reminder(help_request, by=request.user, due_on=form.cleaned_data["due_on"],
                                  note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The reminder is set. It appears on your overview on that day."))
            return redirect(_case_url(help_request, "reminders"))
    return _render(request, "casework/reminders.html", help_request, "reminders", form=form,
                   items=mine.order_by("done_at", "due_on"), today=timezone.localdate())


@client_data_view
@require_http_methods(["GET", "POST"])
def support_actions(request, reference: str):
    help_request = _load(request, reference)
    if request.method == "POST" and "action" in request.POST:
        outcome_form = forms.ActionOutcomeForm(request.POST)
        action = SupportAction.objects.filter(help_request=help_request, pk=query_int(request.POST, "action")).first()
        if action is None:
            raise Http404
        if outcome_form.is_valid():
            services.update_support_action_outcome(action, outcome=outcome_form.cleaned_data["outcome"],
                                                   outcome_note=outcome_form.cleaned_data["outcome_note"])
            messages.success(request, _("The outcome is saved."))
        else:
            messages.error(request, _errors_as_text(outcome_form))
        return redirect(_case_url(help_request, "support_actions"))
    form = forms.SupportActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_support_action(help_request, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The support action is saved."))
            return redirect(_case_url(help_request, "support_actions"))
    items = list(help_request.support_actions.select_related("recorded_by"))
    outcome_forms = [(item, forms.ActionOutcomeForm(initial={"action": item.pk, "outcome": item.outcome,
                                                             "outcome_note": item.outcome_note},
                                                    prefix=f"a{item.pk}")) for item in items]
    return _render(request, "casework/support_actions.html", help_request, "actions", form=form,
                   outcome_forms=outcome_forms)


@client_data_view
@require_http_methods(["GET", "POST"])
def referrals(request, reference: str):
    help_request = _load(request, reference)
    if request.method == "POST" and "referral" in request.POST:
        status_form = forms.ReferralStatusForm(request.POST)
        referral = Referral.objects.filter(help_request=help_request, pk=query_int(request.POST, "referral")).first()
        if referral is None:
            raise Http404
        if status_form.is_valid():
            services.update_referral_status(referral, status=status_form.cleaned_data["status"],
                                            waiting_weeks=status_form.cleaned_data["waiting_weeks"])
            messages.success(request, _("The referral's status is saved."))
        else:
            messages.error(request, " ".join(e for errs in status_form.errors.values() for e in errs))
        return redirect(_case_url(help_request, "referrals"))
    query = query_text(request.GET)
    found = selectors.referral_candidates(query) if query else []
    chosen = selectors.map_service(request.GET.get("service"))  # from the social map's "Refer" button
    if chosen is not None:
        found = [chosen, *found]
    form = forms.ReferralForm(request.POST or None, candidates=found,
                              initial={"service": chosen.pk} if chosen is not None else None)
    conflicts = []
    if request.method == "POST" and form.is_valid():
        try:
            services.refer(help_request, by=request.user, **form.cleaned_data)
        except services.ConflictOfInterest as conflict:
            conflicts = conflict.affiliations
            # Ask again, with the warning; sending the form once more records that they proceed.
            data = request.POST.copy()
            data["conflict_confirmed"] = "on"
            form = forms.ReferralForm(data, candidates=found)
            form.is_valid()
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The referral is saved."))
            return redirect(_case_url(help_request, "referrals"))
    items = list(help_request.referrals.select_related("referred_by"))
    status_forms = [(item, forms.ReferralStatusForm(initial={"referral": item.pk, "status": item.status,
                                                             "waiting_weeks": item.waiting_weeks},
                                                    prefix=f"r{item.pk}")) for item in items]
    return _render(request, "casework/referrals.html", help_request, "referrals", form=form, conflicts=conflicts,
                   status_forms=status_forms, query=query, searched=bool(query),
                   service_param=str(chosen.pk) if chosen is not None else "")


@client_data_view
@require_http_methods(["GET", "POST"])
def signals(request, reference: str):
    help_request = _load(request, reference)
    form = forms.SignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_signal(help_request, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: the signal is saved."))
            return redirect(_case_url(help_request, "signals"))
    items = help_request.signals.select_related("recorded_by")
    return _render(request, "casework/signals.html", help_request, "signals", form=form, items=items)


@client_data_view
@require_http_methods(["GET", "POST"])
def other_helpers(request, reference: str):
    help_request = _load(request, reference)
    if request.method == "POST" and "remove" in request.POST:
        helper = help_request.other_helpers.filter(pk=query_int(request.POST, "remove")).first()
        if helper is None:
            raise Http404
        if "confirmed" not in request.POST:
            return _confirm(
                request, help_request, "helpers", name="remove", value=helper.pk,
                title=_("Remove %(name)s?") % {"name": helper.name},
                warning=_("%(name)s is removed from the overview of this help request, with the role and contact "
                          "details noted.") % {"name": helper.name},
                confirm_label=_("Yes, remove"), back_url=_case_url(help_request, "other_helpers"),
            )
        helper.delete()
        messages.success(request, _("The helper is removed from the overview."))
        return redirect(_case_url(help_request, "other_helpers"))
    form = forms.OtherHelperForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_other_helper(help_request, **form.cleaned_data)
        messages.success(request, _("The helper is added."))
        return redirect(_case_url(help_request, "other_helpers"))
    return _render(request, "casework/other_helpers.html", help_request, "helpers", form=form,
                   items=help_request.other_helpers.all())


@client_data_view
@require_http_methods(["GET", "POST"])
def documents(request, reference: str):
    help_request = _load(request, reference)
    if request.method == "GET" and "download" in request.GET:
        # An erased document keeps its row (reports, the timeline) but has no file: nothing to download.
        document = help_request.documents.exclude(file="").filter(pk=query_int(request.GET, "download")).first()
        if document is None:
            raise Http404
        policy.record(request, Action.EXPORT, document, reason="document download")
        response = FileResponse(document.file.open("rb"), as_attachment=True,
                                filename=f"{document.title[:80]}{mimetypes.guess_extension(document.content_type) or ''}",
                                content_type=document.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return response
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(help_request, title=form.cleaned_data["title"], upload=form.cleaned_data["upload"],
                                  by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The document is added."))
            return redirect(_case_url(help_request, "documents"))
    return _render(request, "casework/documents.html", help_request, "documents", form=form,
                   items=help_request.documents.select_related("uploaded_by"))


@client_data_view
@require_http_methods(["GET", "POST"])
def close(request, reference: str):
    help_request = _load(request, reference)
    if not help_request.is_open:
        messages.info(request, _("This help request is already closed."))
        return redirect(_case_url(help_request))
    delivery = services.survey_delivery_for(help_request)
    form = forms.CloseForm(request.POST or None, initial={"invite_to_survey": bool(delivery)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.close_request(help_request, by=request.user, outcome=data["outcome"],
                                            summary=data["summary"], invite_to_survey=data["invite_to_survey"],
                                            site_url=request.build_absolute_uri("/"))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The help request is closed."))
            if result.cancelled_appointments:
                messages.warning(request, ngettext(
                    "%(n)s planned appointment is cancelled. Let the resident know.",
                    "%(n)s planned appointments are cancelled. Let the resident know.",
                    result.cancelled_appointments) % {"n": result.cancelled_appointments})
            if result.invitation and result.invitation.delivery == "letter":
                # The code exists only now: print the letter (or close the page to skip it).
                return _survey_letter(request, help_request, result.survey_code)
            if result.invitation:
                messages.info(request, _("The resident gets an e-mail with a link to the survey."))
            return redirect(_case_url(help_request))
    return _render(request, "casework/close.html", help_request, "close", form=form, delivery=delivery,
                   coming_appointments=list(services.coming_appointments(help_request)))


def _survey_letter(request, help_request: HelpRequest, code: str):
    from .charts import qr_svg

    url = request.build_absolute_uri(services.survey_path(code))
    grouped = " ".join([code[:4], code[4:8], code[8:]])
    return render(request, "casework/survey_letter.html", {
        "hr": help_request, "code": grouped, "url": url, "qr": qr_svg(url),
        "entry_url": request.build_absolute_uri(reverse("casework:survey_start")),
        "days": services.SURVEY_VALID_DAYS,
        # The letter in the resident's language; the note around it in the supporter's.
        "letter_language": services.resident_language(help_request),
    })


@client_data_view
@require_http_methods(["GET", "POST"])
def reopen(request, reference: str):
    help_request = _load(request, reference)
    if help_request.is_open and request.method == "POST":
        messages.info(request, _("This help request is open already."))
        return redirect(_case_url(help_request))
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_request(help_request, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The help request is open again."))
            return redirect(_case_url(help_request))
    return _render(request, "casework/reopen.html", help_request, "close", form=form)


@client_data_view
def refer_start(request):
    """From a service on the social map: choose which of your open requests to refer."""
    user = request.user
    policy.require(policy.works_on_cases(user))
    service = selectors.map_service(request.GET.get("service"))
    rows = list(selectors.caseload_requests(user, supporter=None if user.has_role(Role.COORDINATOR) else user)
                .filter(organisation__isnull=False)[:200])
    policy.record_many(request, Action.READ, rows, reason="choose request to refer")
    return render(request, "casework/refer_start.html", {"service": service, "rows": rows})


# --- caseload and case meeting -----------------------------------------------------------------
@client_data_view
def caseload(request):
    user = request.user
    policy.require(policy.works_on_cases(user))
    own = selectors.supporter_caseload(user) if user.has_role(Role.SUPPORTER) else None
    team, team_requests = [], []
    if user.has_role(Role.COORDINATOR):
        team = selectors.team_caseload(user)
        team_requests = list(selectors.caseload_requests(user).filter(organisation__isnull=False)[:200])
    shown = (own.requests if own else []) + team_requests
    reminders = list(services.open_reminders(user)) if own else []
    policy.record_many(request, Action.READ, {hr.pk: hr for hr in shown + [r.help_request for r in reminders]}.values(),
                       reason="caseload")
    return render(request, "casework/caseload.html", {"own": own, "team": team, "team_requests": team_requests,
                                                     "now": timezone.now(), "reminders": reminders,
                                                     "today": timezone.localdate()})


@client_data_view
@require_http_methods(["GET", "POST"])
def case_meeting(request):
    user = request.user
    policy.require(policy.works_on_cases(user))
    if request.method == "POST":
        form = forms.CaseMeetingForm(request.POST)
        if form.is_valid():
            help_request = policy.get_help_request_for(request, form.cleaned_data["reference"], Action.CHANGE,
                                                       reason="case meeting")
            policy.require(policy.can_view_case_file(user, help_request))
            if "remove" in request.POST:
                services.take_off_case_meeting(help_request)
                messages.success(request, _("%(ref)s is taken off the agenda.") % {"ref": help_request.reference})
            else:
                services.put_on_case_meeting(help_request, question=form.cleaned_data["question"])
                messages.success(request, _("%(ref)s is on the agenda.") % {"ref": help_request.reference})
        else:
            messages.error(request, _errors_as_text(form))
        return redirect("casework:case_meeting")
    agenda = selectors.case_meeting_agenda(user)
    candidates = selectors.case_meeting_candidates(user)
    policy.record_many(request, Action.READ, agenda + candidates, reason="case meeting")
    return render(request, "casework/case_meeting.html", {"agenda": agenda, "candidates": candidates})
