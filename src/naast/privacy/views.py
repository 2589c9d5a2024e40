"""The privacy officer's screens: the audit log (search it, export it, check its hash chain) and the resident's right of access."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from naast.core.spreadsheets import inert_row

from . import chain, policy, retention
from . import client_export as client_export_module
from .decorators import client_data_view
from .forms import AuditFilterForm, ClientExportForm, ErasureForm, HoldForm, LiftHoldForm, ReferenceForm
from .models import AuditEvent, LegalHold
from .selectors import audit_events

EXPORT_ROW_CAP = 100_000

# The reasons the apps write (as codes, for scripts) with a label for people; any other reason,
# such as a sentence a staff member typed, is shown as it is.
REASON_LABELS = {
    "list": pgettext_lazy("audit reason", "Help-request list"),
    "queue": pgettext_lazy("audit reason", "Queue"),
    "client look-up": pgettext_lazy("audit reason", "Client look-up"),
    "case meeting": pgettext_lazy("audit reason", "Case meeting"),
    "caseload": pgettext_lazy("audit reason", "Caseload"),
    "possible duplicate": pgettext_lazy("audit reason", "Possible duplicate at registration"),
    "link returning client": pgettext_lazy("audit reason", "Linking a returning resident"),
    "choose request to refer": pgettext_lazy("audit reason", "Choosing a help request to refer"),
    "another supporter requested": pgettext_lazy("audit reason", "Another supporter requested"),
    "document download": pgettext_lazy("audit reason", "Document download"),
    "correction": pgettext_lazy("audit reason", "Correction"),
    "registration": pgettext_lazy("audit reason", "Registration"),
    "calendar feed": pgettext_lazy("audit reason", "Calendar feed, fetched by a calendar app"),
    "right of access": pgettext_lazy("audit reason", "The resident's right of access (export of their data)"),
    # Refused attempts (action "refused"): why the policy said no.
    "no client-data role": pgettext_lazy("audit reason", "Role without access to client data"),
    "not assigned": pgettext_lazy("audit reason", "Not assigned to this request"),
    "other organisation": pgettext_lazy("audit reason", "Request of another organisation"),
    "not in scope": pgettext_lazy("audit reason", "Outside the user's scope"),
    "not allowed": pgettext_lazy("audit reason", "Not allowed"),
}
NOT_SAVED_PREFIX = f"{policy.NOT_SAVED}: "


def reason_label(reason: str) -> str:
    """A readable label for a known reason code; an unknown reason as it is. A change the form
    refused (nothing saved) reads "Not saved: <reason>"."""
    if reason == policy.NOT_SAVED or reason.startswith(NOT_SAVED_PREFIX):
        rest = reason[len(NOT_SAVED_PREFIX):]
        not_saved = pgettext("audit reason", "Not saved")
        return f"{not_saved}: {reason_label(rest)}" if rest else str(not_saved)
    label = REASON_LABELS.get(reason)
    return str(label) if label is not None else reason


def _filtered(request):
    """The filter form and the events it selects; no events at all while the filter is invalid.

    An invalid filter must never fall back to "everything": the officer asked for a part of the
    log, and showing or exporting the whole of it would be both wrong and more than needed.
    """
    form = AuditFilterForm(request.GET or None)
    if not form.is_bound:
        return form, audit_events()
    if not form.is_valid():
        return form, None
    return form, audit_events(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})


@login_required
def audit_log(request):
    policy.require(policy.can_read_audit_log(request.user))
    form, events = _filtered(request)
    page = None if events is None else Paginator(events, 50).get_page(request.GET.get("page"))
    if page is not None:
        page.object_list = list(page.object_list)
        for event in page.object_list:
            event.reason_label = reason_label(event.reason)
    return render(request, "privacy/audit_log.html", {"form": form, "page": page, "chain": _chain_state()})


# The screen's "verify now" walks the chain inside the request, for at most this long; a larger log
# is checked completely by `naast verify-audit` (cron, nightly), whose result the screen shows.
VERIFY_SECONDS = 20
VERIFY_CHUNK = chain.DEFAULT_CHUNK


def _chain_state() -> dict:
    """The chain's state from the stored result of the last check (a few small queries: opening the
    screen never walks the chain), with an estimate of how long checking it now would take."""
    state = chain.state()
    last = state["verification"]
    state["retention_years"] = settings.NAAST["AUDIT_RETENTION_YEARS"]
    state["unchecked"] = max(state["head_seq"] - (last.last_seq or 0), 0) if last and last.ok else None
    estimate = None
    if last and last.rows and last.seconds:
        estimate = state["rows"] * last.seconds / last.rows
    state["estimate"] = None if estimate is None else max(1, round(estimate))
    state["limit"] = VERIFY_SECONDS
    state["over_limit"] = estimate is not None and estimate > VERIFY_SECONDS
    return state


@login_required
def audit_verify(request):
    """Check the chain now (POST): complete up to VERIFY_SECONDS, the result stored and shown."""
    policy.require(policy.can_read_audit_log(request.user))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    result = chain.verify(chunk_size=VERIFY_CHUNK, seconds=VERIFY_SECONDS)
    chain.save_result(result, by=request.user.get_username())
    if not result.ok:
        messages.error(request, _("The audit log's chain is broken: see the first broken row below."))
    elif not result.complete:
        messages.warning(request, _(
            "No break in the first %(rows)s rows; the time for a check on this page ran out before the end. "
            "The nightly check (naast verify-audit) checks the whole chain.") % {"rows": number_format(result.rows, force_grouping=True)})
    else:
        messages.success(request, _("The audit log's chain is intact: %(rows)s rows checked.")
                         % {"rows": number_format(result.rows, force_grouping=True)})
    return redirect("privacy:audit_log")


class _Echo:
    def write(self, value):
        return value


def local_time(value) -> str:
    """Local time with its offset, to the second, as on the page: 2026-11-23 20:24:08+01:00."""
    return timezone.localtime(value).isoformat(sep=" ", timespec="seconds")


@login_required
def audit_log_export(request):
    policy.require(policy.can_read_audit_log(request.user))
    form, events = _filtered(request)
    if events is None:
        messages.error(request, _("Nothing was downloaded: correct the filter first."))
        return redirect(f"{reverse('privacy:audit_log')}?{request.GET.urlencode()}")
    policy.record_other(
        request, AuditEvent.Action.EXPORT, "privacy.auditevent", "*", "audit log", reason=request.GET.urlencode()
    )
    writer = csv.writer(_Echo())
    # The first columns keep their codes for scripts; the last four are for people to read.
    header = [
        "at", "username", "roles", "action", "object_type", "object_id", "object", "client_id", "reason", "path",
        "action_label", "roles_label", "object_kind", "reason_label",
    ]
    # The rows are written after the view returns; keep the language of the request for the labels.
    language = translation.get_language()

    def rows():
        with translation.override(language):
            yield writer.writerow(header)
            for e in events[:EXPORT_ROW_CAP].iterator(chunk_size=2000):
                # User names, reasons and paths come from users: never a formula in a spreadsheet.
                yield writer.writerow(inert_row(
                    [local_time(e.at), e.username, e.roles, e.action, e.object_type, e.object_id, e.object_label,
                     e.client_id or "", e.reason, e.path, e.get_action_display(), e.roles_display, e.object_kind,
                     reason_label(e.reason)]
                ))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{timezone.localdate():%Y%m%d}.csv"'
    return response


# --- the resident's right of access ---------------------------------------------------------------
@client_data_view
def client_export(request):
    """The privacy officer finds a client by any help-request reference, sees their requests and
    downloads everything held about them (JSON, PDF, or a ZIP with the files). Showing the overview is audited as a read."""
    policy.require(policy.can_export_client_data(request.user))
    form = ClientExportForm(request.GET or None)
    help_request = requests = None
    if form.is_bound and form.is_valid():
        help_request = policy.get_help_request_for_export(request, form.cleaned_data["reference"])
        requests = help_request.client.help_requests.select_related("organisation").order_by("received_at", "id")
    return render(request, "privacy/client_export.html",
                  {"form": form, "help_request": help_request, "client": help_request and help_request.client,
                   "requests": requests})


def _export_download(request, reference: str, extension: str, content_type: str, build) -> HttpResponse:
    help_request = policy.get_help_request_for_export(request, reference, action=AuditEvent.Action.EXPORT)
    client = help_request.client
    response = HttpResponse(build(client), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{client_export_module.file_name(client, extension)}"'
    return response


@client_data_view
def client_export_json(request, reference):
    return _export_download(request, reference, "json", "application/json; charset=utf-8",
                            client_export_module.export_json)


@client_data_view
def client_export_pdf(request, reference):
    return _export_download(request, reference, "pdf", "application/pdf", client_export_module.export_pdf)


@client_data_view
def client_export_zip(request, reference):
    return _export_download(request, reference, "zip", "application/zip", client_export_module.export_zip)
# --- the resident's right to erasure and legal holds (naast.privacy.retention) -----------------
REFUSALS = {
    "no_reason": gettext_lazy("Give the reason for the erasure."),
    "held": gettext_lazy("Not erased: a help request of this resident is on legal hold. Lift the hold first, if it may be lifted."),
    "open": gettext_lazy("Not erased: a help request of this resident is still open. Tick the box to erase anyway, and give the reason."),
}


@login_required
def erasure(request):
    """Erase one resident's personal data on their request (AVG art. 17): look the resident up by a
    reference, see numbers and references only, give a reason, confirm, erased."""
    policy.require(policy.can_erase_clients(request.user))
    context = {"summary": None, "form": None, "confirming": False}
    if request.method == "POST":
        form = ErasureForm(request.POST)
        client = retention.client_by_reference(request.POST.get("reference", ""))
        if client is None:
            messages.error(request, _("No help request has this reference. Check it and try again."))
            return redirect("privacy:erasure")
        summary = retention.erasure_summary(client)
        context.update(summary=summary, form=form, lookup=ReferenceForm(initial={"reference": form.data.get("reference")}))
        if form.is_valid():
            reason, confirm_open = form.cleaned_data["reason"], form.cleaned_data["confirm_open"]
            refusal = _erasure_refusal(summary, confirm_open)
            if refusal:
                # A refused attempt is audited like any other (who, which client, why): the one rule says no.
                try:
                    retention.erase_client(client, reason=reason, request=request, confirm_open=confirm_open)
                except retention.ErasureRefused:
                    pass
                form.add_error("confirm_open" if refusal == "open" else None, REFUSALS[refusal])
            elif not request.POST.get("confirmed"):
                context["confirming"] = True
            else:
                try:
                    counts = retention.erase_client(client, reason=reason, request=request, confirm_open=confirm_open)
                except retention.ErasureRefused as refused:  # a hold set or a request reopened meanwhile
                    form.add_error(None, REFUSALS[refused.code])
                else:
                    messages.success(request, _(
                        "The personal data of client %(client)s has been erased from %(n)s help requests "
                        "(%(items)s items blanked). The figures in the reports stay as they were.")
                        % {"client": f"#{client.pk}", "n": summary.request_count, "items": sum(counts.values())})
                    return redirect("privacy:erasure")
        return render(request, "privacy/erasure.html", context)
    lookup = ReferenceForm(request.GET or None)
    context["lookup"] = lookup
    if lookup.is_bound and lookup.is_valid():
        client = retention.client_by_reference(lookup.cleaned_data["reference"])
        policy.record(request, AuditEvent.Action.READ, client, reason="erasure look-up")
        context["summary"] = retention.erasure_summary(client)
        context["form"] = ErasureForm(initial={"reference": lookup.cleaned_data["reference"]})
    return render(request, "privacy/erasure.html", context)


def _erasure_refusal(summary, confirm_open: bool) -> str:
    if summary.held_references:
        return "held"
    if summary.open_references and not confirm_open:
        return "open"
    return ""


@login_required
def legal_holds(request):
    """Set and lift legal holds: a request on hold is neither anonymised nor erased."""
    policy.require(policy.can_erase_clients(request.user))
    hold_form, lift_form = HoldForm(), None
    if request.method == "POST" and request.POST.get("action") == "lift":
        lift_form = LiftHoldForm(request.POST)
        if lift_form.is_valid():
            hold = LegalHold.objects.active().filter(pk=lift_form.cleaned_data["hold"]).select_related("help_request").first()
            if hold is None:
                messages.error(request, _("This legal hold was already lifted."))
            else:
                retention.lift_hold(hold.help_request, reason=lift_form.cleaned_data["lift_reason"], by=request.user,
                                    request=request)
                messages.success(request, _("The legal hold on %(reference)s has been lifted.")
                                 % {"reference": hold.help_request.reference})
            return redirect("privacy:legal_holds")
    elif request.method == "POST":
        hold_form = HoldForm(request.POST)
        if hold_form.is_valid():
            from naast.registry.models import HelpRequest

            help_request = HelpRequest.objects.get(reference=hold_form.cleaned_data["reference"])
            retention.set_hold(help_request, reason=hold_form.cleaned_data["reason"], by=request.user, request=request)
            messages.success(request, _("%(reference)s is on legal hold: retention and erasure leave it alone until "
                                        "the hold is lifted.") % {"reference": help_request.reference})
            return redirect("privacy:legal_holds")
    holds = list(LegalHold.objects.active().select_related("help_request", "set_by").order_by("-set_at"))
    return render(request, "privacy/legal_holds.html",
                  {"hold_form": hold_form, "lift_form": lift_form, "holds": holds,
                   "lift_error_hold": lift_form.data.get("hold") if lift_form is not None else None,
                   "retention_months": retention.retention_months()})
