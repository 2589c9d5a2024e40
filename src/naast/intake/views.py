"""Screens of the front door: the public 'Hulp vragen' form and follow-up link, the desk's
registration screen, the coordinator's queue and triage page. Views parse, call, render."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from naast.accounts.roles import Role
from naast.core import outbox
from naast.core.forms import apply_errors, query_int, query_text
from naast.privacy import policy
from naast.privacy.decorators import client_data_view
from naast.registry import corrections, lifecycle
from naast.registry.choices import Status
from naast.registry.language import resident_language

from . import limits, resident, selectors, services
from .forms import (
    NO_CONTACT,
    AnotherSupporterForm,
    AssignForm,
    CorrectionForm,
    DeskRequestForm,
    FollowUpCodeForm,
    FollowUpMessageForm,
    PublicRequestForm,
    QueueFilterForm,
    QuickLogForm,
    StaffAnotherSupporterForm,
    UrgencyForm,
    language_name,
    sign_started,
)
from .models import AnotherSupporterRequest, FollowUpMessage, normalise_follow_up_code

# The confirmation travels in a signed, HTTP-only cookie rather than a session: a resident
# gets no server-side session, and a submission costs no session writes.
CONFIRMATION_COOKIE = "naast_intake_confirmation"
CONFIRMATION_SALT = "naast.intake.confirmation"
CONFIRMATION_MAX_AGE = 24 * 3600


def _read_confirmation(request) -> dict | None:
    try:
        return signing.loads(
            request.COOKIES.get(CONFIRMATION_COOKIE, ""), salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.BadSignature:
        return None


def _redirect_with_confirmation(confirmation: dict):
    response = redirect("intake:thanks")
    response.set_cookie(
        CONFIRMATION_COOKIE,
        signing.dumps(confirmation, salt=CONFIRMATION_SALT),
        max_age=CONFIRMATION_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        path=reverse("intake:request_help"),
    )
    return response


def _intake_settings() -> dict:
    return settings.NAAST_INTAKE


# --- public ------------------------------------------------------------------------------------
@never_cache
def request_help(request):
    min_seconds = _intake_settings()["MIN_SECONDS_TO_SUBMIT"]
    status = 200
    limited = False
    if request.method == "POST":
        form = PublicRequestForm(request.POST, min_seconds=min_seconds)
        poster = limits.form_poster(request, request.POST.get("question", ""))
        if limits.form_limit_reached(poster):
            # What they typed stays in the form; the page says why and how to reach us instead.
            limited, status = True, 429
        elif form.is_valid():
            limits.record_form_post(poster)
            data = form.cleaned_data
            way = "" if data["contact_way"] == NO_CONTACT else data["contact_way"]
            on_behalf = data["for_whom"] == "other"
            email = data["email"]

            def follow_up_url(token: str) -> str:
                return request.build_absolute_uri(reverse("intake:follow_up", args=[token]))

            def confirm(help_request, token):
                # In the registration's transaction: the request and its confirmation, or neither.
                if email:
                    services.send_confirmation(help_request, email, follow_up_url(token))

            registration = services.register_request(
                channel="web",
                question=data["question"],
                resident=services.ResidentDetails(
                    display_name=data["name"],
                    phone=data["phone"] if not on_behalf else "",
                    email=data["email"] if not on_behalf else "",
                    postcode=data["postcode"],
                    preferred_language=data["preferred_language"],
                ),
                municipality=data["municipality"],
                urgency=data["urgency"],
                referrer="family" if on_behalf else "self",
                contact_way=way,
                on_behalf=on_behalf,
                asker_name=data["asker_name"] if on_behalf else "",
                asker_relation=data["asker_relation"] if on_behalf else "",
                asker_phone=data["phone"] if on_behalf else "",
                asker_email=data["email"] if on_behalf else "",
                address=data["address"],
                idempotency_key=data["submission_key"],
                follow_up_link=True,
                on_created=confirm,
            )
            help_request = registration.help_request
            if not registration.created:
                # A double click or a resubmit: show the same confirmation as the first time.
                previous = _read_confirmation(request) or {}
                if previous.get("reference") == help_request.reference:
                    return redirect("intake:thanks")
                return _redirect_with_confirmation({"reference": help_request.reference, "follow_up_url": None})
            return _redirect_with_confirmation({
                "reference": help_request.reference, "follow_up_url": follow_up_url(registration.follow_up_token),
                "follow_up_code": registration.follow_up_token,
                "follow_up_start": request.build_absolute_uri(reverse("intake:follow_up_start")),
                "email": bool(email), "contacts_us": not way,
            })
    else:
        form = PublicRequestForm(
            initial={"started": sign_started(), "submission_key": secrets.token_urlsafe(24),
                     # The language the resident reads this page in, not always Dutch.
                     "preferred_language": get_language()},
            min_seconds=min_seconds,
        )
    if form.is_bound and "started" in form.errors:
        # An expired or tampered start time starts again now: the resident sends the same form
        # once more and it goes through, instead of meeting the same message at every try.
        form.data = form.data.copy()
        form.data["started"] = sign_started()
    response = render(request, "intake/request_form.html", {"form": form, "limited": limited}, status=status)
    if limited:
        response["Retry-After"] = str(int(limits.WINDOW.total_seconds()))
    return response


@never_cache
def thanks(request):
    confirmation = _read_confirmation(request)
    if not confirmation:
        return redirect("intake:request_help")
    help_request = selectors.HelpRequest.objects.filter(reference=confirmation["reference"]).first()
    if help_request is None:
        return redirect("intake:request_help")
    return render(
        request,
        "intake/thanks.html",
        {"confirmation": confirmation, "first_contact_due": help_request.first_contact_due,
         "urgent": help_request.urgency == "urgent"},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up_start(request):
    """Type the follow-up code from the letter or e-mail (or as read out on the phone)."""
    form = FollowUpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = normalise_follow_up_code(form.cleaned_data["code"])
        if code and selectors.help_request_for_token(code) is not None:
            return redirect("intake:follow_up", token=code)
        form.add_error("code", _("We do not know this code. Check it and try again, or call us."))
    return render(request, "intake/follow_up_start.html", {"form": form})


@never_cache
def follow_up(request, token: str):
    help_request = selectors.help_request_for_token(token)
    if help_request is None:
        raise Http404
    message_form = FollowUpMessageForm(prefix="msg")
    another_form = AnotherSupporterForm(prefix="other")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "message":
                message_form = FollowUpMessageForm(request.POST, prefix="msg")
                if message_form.is_valid():
                    services.add_follow_up_message(help_request, message_form.cleaned_data["text"], FollowUpMessage.Source.PUBLIC)
                    messages.success(request, _("Thank you. Your message has been sent to the team."))
                    return redirect(request.path)
            elif action == "another":
                another_form = AnotherSupporterForm(request.POST, prefix="other")
                if another_form.is_valid():
                    services.request_another_supporter(
                        help_request, reason=another_form.cleaned_data["reason"], source=AnotherSupporterRequest.Source.PUBLIC
                    )
                    messages.success(request, _("We will look for another supporter for you. You will hear from us soon."))
                    return redirect(request.path)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(request.path)
    return render(
        request,
        "intake/follow_up.html",
        {"status": selectors.public_status(help_request), "message_form": message_form, "another_form": another_form,
         "contacts_us": hasattr(help_request, "intake") and help_request.intake.contact_way == "",
         # What the resident sent through this link, so they know it arrived (not e-mail replies:
         # the link shows only what was typed here).
         "sent_messages": help_request.follow_ups.filter(source=FollowUpMessage.Source.PUBLIC)
         .order_by("-created_at")[:10]},
    )


# --- staff -------------------------------------------------------------------------------------
@client_data_view
def desk(request):
    """Register a request from any staffed channel, or quick-log a question answered on the spot."""
    policy.require(policy.can_register_requests(request.user))
    query = query_text(request.GET)
    found = selectors.find_clients(request.user, query) if query else []
    similar = not found and bool(query)
    if similar:
        found = selectors.similar_clients(request.user, query)
    if found:
        policy.record_many(request, policy.Action.READ, found, reason="client look-up")
        resident.with_last_request(found)
        for c in found:  # the card only where the desk or coordinator has a request of theirs
            c.card = policy.can_view_resident(request.user, c)
    linked = None
    # "Register for this resident" next to a possible duplicate submits the typed request again,
    # now linked to that resident: nothing typed is lost.
    client_id = (query_int(request.POST, "use_client") or query_int(request.POST, "existing_client")
                 or query_int(request.GET, "client"))
    if client_id:
        linked = policy.get_client_for(request, client_id, reason="link returning client")
    duplicates = []
    if request.method == "POST":
        form = DeskRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if linked is None and not data["confirm_new_client"]:
                duplicates = selectors.likely_duplicates(
                    request.user, display_name=data["name"], phone=data["phone"], email=data["email"],
                    postcode=data["postcode"],
                )
                if duplicates:
                    policy.record_many(request, policy.Action.READ, duplicates, reason="possible duplicate")
                    resident.with_last_request(duplicates)
            if not duplicates:
                registration = services.register_request(
                    channel=data["channel"],
                    question=data["question"],
                    client=linked,
                    resident=services.ResidentDetails(
                        display_name=data["name"], full_name=data["full_name"], phone=data["phone"],
                        email=data["email"], postcode=data["postcode"], preferred_language=data["preferred_language"],
                    ),
                    municipality=data["municipality"] or (linked.municipality if linked else None),
                    urgency=data["urgency"],
                    referrer=data["referrer"],
                    life_domains=data["life_domains"],
                    target_group=data["target_group"],
                    contact_way=data["contact_way"],
                    on_behalf=data["on_behalf"],
                    asker_name=data["asker_name"],
                    asker_relation=data["asker_relation"],
                    address=data["address"],
                    created_by=request.user,
                )
                reference = registration.help_request.reference
                messages.success(request, format_html(
                    _("Help request {reference} has been registered."),
                    reference=format_html('<a class="utrecht-link" href="{}">{}</a>',
                                          reverse("intake:request", args=[reference]), reference),
                ))
                return redirect(reverse("intake:desk"))
    else:
        form = DeskRequestForm(initial={"existing_client": linked.pk if linked else None})
    return render(
        request,
        "intake/desk.html",
        {"form": form, "quick_form": QuickLogForm(), "query": query, "found": found, "similar": similar, "linked": linked,
         "duplicates": duplicates},
    )


@login_required
@require_POST
def quick_log(request):
    policy.require(policy.can_register_requests(request.user))
    form = QuickLogForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.quick_log(
            channel=data["channel"], life_domain=data["life_domain"], minutes=data["minutes"], by=request.user,
            question=data["question"],
        )
        messages.success(request, _("Quick question logged (%(minutes)s minutes).") % {"minutes": data["minutes"]})
        return redirect("intake:desk")
    return render(
        request, "intake/desk.html",
        {"form": DeskRequestForm(), "quick_form": form, "query": "", "found": [], "linked": None, "duplicates": []},
        status=400,
    )


@client_data_view
def queue(request):
    policy.require(policy.sees_client_data(request.user))
    filter_form = QueueFilterForm(request.GET or None)
    requests, counts = selectors.queue(request.user, filter_form.filters() if request.GET else {})
    # Paginate the ids only (read off the queue index), then load the page's 50 rows.
    paginator = Paginator(requests.values_list("pk", flat=True), 50)
    paginator.count = counts["total"]  # already counted with the other figures: saves a query
    page = paginator.get_page(request.GET.get("page"))
    page_rows = selectors.mark_deadlines(selectors.queue_rows(list(page.object_list)), counts)
    policy.record_many(request, policy.Action.READ, page_rows, reason="queue")
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "intake/queue.html",
        {"filter_form": filter_form, "page": page, "rows": selectors.queue_display(page_rows), "counts": counts,
         "triage_base": reverse("intake:queue"),
         "can_manage": policy.can_manage_queue(request.user), "query_string": params.urlencode(),
         "supporter_only": not request.user.has_role(Role.COORDINATOR, Role.DESK)},
    )


@client_data_view
def triage(request, reference: str):
    """One request's triage: urgency, suggestions with reasons, assignment, another supporter."""
    changing = request.method == "POST"
    help_request = policy.get_help_request_for(
        request, reference, action=policy.Action.CHANGE if changing else policy.Action.READ
    )
    can_manage = policy.can_manage_queue(request.user) and policy.can_change_help_request(request.user, help_request)
    suggestions = selectors.suggest_supporters(help_request) if can_manage and help_request.status != Status.CLOSED else []
    choices = [(str(s.supporter.pk), str(s.supporter)) for s in suggestions]
    assign_form = AssignForm(choices=choices, prefix="assign")
    urgency_form = UrgencyForm(prefix="urgency")
    another_form = StaffAnotherSupporterForm(prefix="other")
    if changing:
        policy.require(can_manage)
        action = request.POST.get("action")
        try:
            if action == "assign":
                assign_form = AssignForm(request.POST, choices=choices, prefix="assign")
                if assign_form.is_valid():
                    chosen = {s.supporter.pk: s.supporter for s in suggestions}
                    supporters = [chosen[int(pk)] for pk in assign_form.cleaned_data["supporters"]]
                    services.assign(help_request, supporters, by=request.user)
                    messages.success(request, ngettext(
                        "Assigned: %(names)s. The supporter gets an e-mail.",
                        "Assigned: %(names)s. The supporters get an e-mail.", len(supporters),
                    ) % {"names": " & ".join(str(s) for s in supporters)})
                    return redirect(request.path)
            elif action == "urgency":
                urgency_form = UrgencyForm(request.POST, prefix="urgency")
                if urgency_form.is_valid():
                    services.change_urgency(help_request, urgency_form.cleaned_data["urgency"], by=request.user,
                                            reason=urgency_form.cleaned_data["reason"])
                    messages.success(request, _("Urgency changed; the deadline has been recalculated."))
                    return redirect(request.path)
            elif action == "another":
                another_form = StaffAnotherSupporterForm(request.POST, prefix="other")
                if another_form.is_valid():
                    services.request_another_supporter(
                        help_request, reason=another_form.cleaned_data["reason"],
                        source=AnotherSupporterRequest.Source.STAFF, by=request.user,
                    )
                    messages.success(request, _("Recorded. The request is back in the queue; the previous supporter will not be suggested again."))
                    return redirect(request.path)
            elif action == "first_contact":
                services.record_first_contact(help_request)
                messages.success(request, _("First contact recorded."))
                return redirect(request.path)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "intake/triage.html",
        {
            "hr": help_request,
            "life_domains": help_request.life_domains.all(),
            "assignments": help_request.assignments.filter(ended_at__isnull=True).select_related("supporter"),
            "details": getattr(help_request, "intake", None) if hasattr(help_request, "intake") else None,
            "another_requests": help_request.another_supporter_requests.all(),
            "urgency_changes": help_request.urgency_changes.select_related("changed_by"),
            "follow_ups": help_request.follow_ups.all(),
            "inbound": help_request.inbound_messages.all(),
            "undelivered_mail": outbox.undelivered(help_request.reference),
            "suggestions": suggestions,
            "can_manage": can_manage,
            "assign_form": assign_form,
            "urgency_form": urgency_form,
            "another_form": another_form,
            "language": get_language(),
            "language_name": language_name(
                (help_request.intake.preferred_language if hasattr(help_request, "intake") else "")
                or (help_request.client.preferred_language if help_request.client_id else "")
            ),
        },
    )


# --- the staff list and page of help requests -------------------------------------------------
@client_data_view
def request_list(request):
    policy.require(policy.sees_client_data(request.user))
    query = query_text(request.GET)
    status = request.GET.get("status", "open")
    late = request.GET.get("late", "")
    without_municipality = request.GET.get("municipality") == "none"
    requests = selectors.help_request_list(request.user, query=query, status=status, late=late,
                                           without_municipality=without_municipality)
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    policy.record_many(request, policy.Action.READ, page.object_list, reason="list")
    return render(
        request,
        "intake/request_list.html",
        {"page": page, "query": query, "status": status, "statuses": Status.choices, "late": late,
         "late_choices": selectors.LATE_CHOICES, "without_municipality": without_municipality},
    )


@client_data_view
def request_detail(request, reference: str):
    help_request = policy.get_help_request_for(request, reference)
    can_correct = policy.can_correct(request.user, help_request)
    return render(
        request,
        "intake/request_detail.html",
        {
            "hr": help_request,
            "life_domains": help_request.life_domains.all(),
            "assignments": help_request.assignments.filter(ended_at__isnull=True).select_related("supporter"),
            "can_change": policy.can_change_help_request(request.user, help_request),
            "can_view_case_file": policy.can_view_case_file(request.user, help_request),
            # What the resident told the front door.
            "intake": selectors.intake_summary(help_request),
            "norms": lifecycle.norm_overview(help_request),
            "corrections": corrections.history(help_request),
            "can_correct": can_correct,
        },
    )


@client_data_view
@require_http_methods(["GET", "POST"])
def confirmation_letter(request, reference: str):
    """A printable confirmation letter for a resident without e-mail, in their language, with a
    new follow-up code (the first one is stored only as a hash). GET explains, POST prints."""
    help_request = policy.get_help_request_for(request, reference)
    if request.method != "POST":
        return render(request, "intake/letter_start.html", {"hr": help_request})
    # A new code stops the resident's current link: a change, for those who may change the request.
    if not policy.can_change_help_request(request.user, help_request):
        policy.refuse(request, help_request, "may not change this request (new follow-up code)")
        raise PermissionDenied
    code = services.renew_follow_up_code(help_request)
    # Written at once (not with the view's rows, which a POST answered with a page counts as
    # unsaved): the new code is saved, and the letter is this page.
    policy.record(request.user, policy.Action.CHANGE, help_request, reason="new follow-up code for a letter")
    details = getattr(help_request, "intake", None)
    return render(request, "intake/letter.html", {
        "hr": help_request, "code": code, "address": details.address if details else "",
        "letter_language": resident_language(help_request),
        "follow_up_start": request.build_absolute_uri(reverse("intake:follow_up_start")),
    })


@client_data_view
@require_http_methods(["GET", "POST"])
def correct_request(request, reference: str):
    """Correct municipality, district, life domains, target group, urgency or the resident's contact
    details, with a reason; the request page lists every correction."""
    action = policy.Action.CHANGE if request.method == "POST" else policy.Action.READ
    help_request = policy.get_help_request_for(request, reference, action, reason="correction", correct=True)
    facts = corrections.RequestFacts.of(help_request)
    initial = {**vars(facts), "municipality": facts.municipality, "district": facts.district}
    form = CorrectionForm(request.POST or None, initial=initial, has_client=help_request.client_id is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = corrections.RequestFacts(
            municipality=data["municipality"], district=data["district"], life_domains=list(data["life_domains"]),
            target_group=data["target_group"], urgency=data["urgency"],
            **{name: data.get(name, getattr(facts, name)) for name in ("display_name", "phone", "email", "postcode")},
        )
        try:
            made = corrections.correct_request(help_request, new, by=request.user, reason=data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Corrected: %(fields)s. The old values stay in the history below.")
                             % {"fields": ", ".join(str(c.field_label).lower() for c in made)})
            return redirect(reverse("intake:request", args=[help_request.reference]) + "#corrections")
    return render(request, "intake/correct_request.html", {"hr": help_request, "form": form})
