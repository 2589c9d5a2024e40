"""The coordinator's review of signals before their words leave the case file: the list of signals
waiting, and one page per signal to rewrite the text to share, approve it or keep it internal.
The rules are in `services/signals.py`; who reviews which signal, and the audit rows, in
`naast.privacy.policy`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from naast.core.forms import apply_errors
from naast.privacy import policy
from naast.privacy.decorators import client_data_view

from . import forms, services
from .choices import SignalStatus
from .models import Signal

Action = policy.Action
LIST_LIMIT = 200


@client_data_view
@require_http_methods(["GET"])
def signal_review(request):
    """The signals of the coordinator's organisation that wait for review, oldest first."""
    user = request.user
    policy.require(policy.can_review_signals(user))
    signals = policy.signals_to_review(user, Signal.objects.select_related("help_request", "recorded_by"))
    waiting = list(signals.filter(status=SignalStatus.PENDING).order_by("recorded_at", "pk")[:LIST_LIMIT])
    reviewed = list(signals.exclude(status=SignalStatus.PENDING).filter(reviewed_at__isnull=False)
                    .select_related("reviewed_by").order_by("-reviewed_at", "-pk")[:20])
    policy.record_many(request, Action.READ, waiting + reviewed, reason="signal review")
    return render(request, "casework/signal_review.html", {"waiting": waiting, "reviewed": reviewed,
                                                          "limit": LIST_LIMIT})


@client_data_view
@require_http_methods(["GET", "POST"])
def signal_review_detail(request, signal_id: int):
    """One signal: the supporter's text (kept as it is), the text to share, the details Naast flags."""
    changing = request.method == "POST"
    signal = policy.get_signal_for_review(request, Signal.objects.all(), signal_id,
                                          Action.CHANGE if changing else Action.READ)
    form = forms.SignalReviewForm(request.POST or None,
                                  initial={"approved_text": signal.approved_text or signal.text})
    findings = []
    if changing and request.POST.get("action") == "internal":
        services.keep_signal_internal(signal, by=request.user)
        messages.success(request, _("The signal stays internal: it is counted in the signalling report, its text "
                                    "is not shared."))
        return redirect("casework:signal_review")
    if changing and form.is_valid():
        try:
            services.approve_signal(signal, by=request.user, text=form.cleaned_data["approved_text"])
        except services.PersonalDataFound as found:
            findings = found.findings
            apply_errors(form, found)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The signal is approved: the text to share appears in the signalling "
                                        "report."))
            return redirect("casework:signal_review")
    elif not changing and signal.shareable:
        # What the supporter wrote, checked before the coordinator starts rewriting it.
        findings = services.personal_data_in(signal, signal.approved_text or signal.text)
    return render(request, "casework/signal_review_detail.html",
                  {"signal": signal, "form": form, "findings": findings, "Status": SignalStatus})
