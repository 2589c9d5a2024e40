"""Pages outside the staff case file: a supporter's private calendar feed (and the page that makes
or revokes its link) and the resident's anonymous satisfaction survey. Views are thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from naast.core.forms import apply_errors
from naast.privacy import policy

from . import forms, services
from .calendar import calendar_feed, feed_appointments, feed_reminders
from .models import CalendarFeedToken, SurveyResponse


# --- the calendar feed -------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    user = request.user
    policy.require(policy.works_on_cases(user))
    new_url = ""
    if request.method == "POST":
        if "revoke" in request.POST:
            services.revoke_calendar_feeds(user)
            messages.success(request, _("Your calendar link is switched off. Calendar apps get nothing any more."))
            return redirect("casework:calendar_settings")
        token = services.new_calendar_feed(user)
        new_url = request.build_absolute_uri(reverse("casework:ical", kwargs={"token": token}))
    active = CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()
    return render(request, "casework/calendar_settings.html", {"active": active, "new_url": new_url})


def ical(request, token: str):
    """A supporter's appointments as iCalendar; no login, the secret token is the key. Each read
    is one audit row (the feed, never its token; the references it showed)."""
    feed = services.calendar_feed_for(token)
    if feed is None:
        raise Http404
    appointments = feed_appointments(feed.user)
    reminders = feed_reminders(feed.user)
    policy.record_other(feed.user, policy.Action.EXPORT, FEED_OBJECT_TYPE, str(feed.pk),
                        _references_label(appointments + reminders), reason="calendar feed")
    body = calendar_feed(feed.user, appointments, host=request.get_host(), reminders=reminders)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


# "casework.calendarfeedtoken": the audit screen names it by the model's name, "Agendakoppeling".
FEED_OBJECT_TYPE = CalendarFeedToken._meta.label_lower
LABEL_LENGTH = 100  # AuditEvent.object_label


def _references_label(appointments) -> str:
    """The references the feed showed, for the privacy officer's search; as many as fit, then "+n"."""
    references = list(dict.fromkeys(a.help_request.reference for a in appointments))
    label = ""
    for i, reference in enumerate(references):
        rest = len(references) - i - 1
        candidate = f"{label}, {reference}" if label else reference
        if len(candidate) + (len(f" +{rest}") if rest else 0) > LABEL_LENGTH:
            return f"{label} +{len(references) - i}"
        label = candidate
    return label


# --- the public survey -------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def survey_start(request):
    form = forms.SurveyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = "".join(ch for ch in form.cleaned_data["code"].upper() if ch.isalnum())
        return redirect("casework:survey", token=code)
    return render(request, "casework/survey_start.html", {"form": form})


@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    try:
        services.open_invitation(token)
    except services.SurveyUnavailable as unavailable:
        return render(request, "casework/survey_closed.html", {"reason": unavailable.reason},
                      status=404 if unavailable.reason == "unknown" else 410)
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(token, **form.cleaned_data)
        except services.SurveyUnavailable as unavailable:
            return render(request, "casework/survey_closed.html", {"reason": unavailable.reason}, status=410)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "casework/survey_thanks.html")
    return render(request, "casework/survey.html", {"form": form})



# --- the residents' survey comments ---------------------------------------------------------------
@login_required
def survey_comments(request):
    """The comments residents left in the anonymous survey about the coordinator's organisation, one
    month at a time (the newest month with comments first), with the mark given; nothing else."""
    policy.require(policy.can_read_survey_comments(request.user))
    responses = SurveyResponse.objects.filter(organisation_id=request.user.organisation_id).exclude(comment="")
    months = list(responses.order_by("-answered_in").values_list("answered_in", flat=True).distinct())
    month = months[0] if months else None
    wanted = (request.GET.get("maand") or "")[:7]
    for candidate in months:
        if candidate.strftime("%Y-%m") == wanted:
            month = candidate
    comments = list(responses.filter(answered_in=month).order_by("mark", "pk").values("mark", "comment")) if month else []
    return render(request, "casework/survey_comments.html",
                  {"months": months, "month": month, "comments": comments})
