"""Signals: recorded in the case file by a supporter, reviewed by a coordinator before their words
leave it (docs/domain.md §2, "Signals leave the case file only as approved").

A supporter's signal marked shareable waits for review; one marked internal stays internal. The
coordinator of the request's organisation (`naast.privacy.policy.get_signal_for_review`) may
rewrite the text to share and approve it, or keep the signal internal. The original text is
never changed. Approval is refused while the text to share still holds likely personal data
(`naast.casework.personal_data.find_personal_data`, with the names recorded in the case). Every
signal is counted in the signalling report; only approved texts are shown there.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts.models import User
from naast.registry.models import HelpRequest

from ..choices import SignalStatus
from ..models import Signal
from ..personal_data import Finding, find_personal_data, names_in_case

SHARED_TEXT_MAX_CHARS = 2000


class PersonalDataFound(ValidationError):
    """The text to share still holds likely personal data; `findings` says which pieces."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__({"approved_text": _(
            "This text still contains details that can identify someone (listed below). Rewrite it without them "
            "before you approve it.")})


def record_signal(help_request: HelpRequest, *, by: User, theme: str, text: str, shareable: bool = True,
                  organisation_name: str = "") -> Signal:
    if not text.strip():
        raise ValidationError({"text": _("Describe the signal.")})
    signal = Signal(help_request=help_request, theme=theme, text=text.strip(), shareable=shareable,
                    organisation_name=organisation_name.strip(), recorded_by=by,
                    status=SignalStatus.PENDING if shareable else SignalStatus.INTERNAL)
    signal.full_clean(exclude=["help_request", "recorded_by", "reviewed_by"])
    signal.save()
    return signal


def personal_data_in(signal: Signal, text: str) -> list[Finding]:
    """The likely personal data in `text`, with the names recorded in the signal's case."""
    return find_personal_data(text, names_in_case(signal.help_request))


@transaction.atomic
def approve_signal(signal: Signal, *, by: User, text: str) -> Signal:
    """Share `text` (the coordinator's wording) for this signal from now on; the original stays as it was."""
    # Lock the signal row alone (PostgreSQL locks no row of an outer join); its request is read after.
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if not signal.shareable:
        raise ValidationError(_("The supporter recorded this signal as internal only; it cannot be shared."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"approved_text": _("Write the text to share.")})
    if len(text) > SHARED_TEXT_MAX_CHARS:
        raise ValidationError({"approved_text": _("Keep the text to share under %(n)s characters.")
                               % {"n": SHARED_TEXT_MAX_CHARS}})
    findings = personal_data_in(signal, text)
    if findings:
        raise PersonalDataFound(findings)
    signal.status, signal.approved_text = SignalStatus.APPROVED, text
    signal.reviewed_by, signal.reviewed_at = by, timezone.now()
    signal.save(update_fields=["status", "approved_text", "reviewed_by", "reviewed_at"])
    return signal


@transaction.atomic
def keep_signal_internal(signal: Signal, *, by: User) -> Signal:
    """The signal stays in the case file (and counts in the report); no words of it are shared."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    signal.status, signal.approved_text = SignalStatus.INTERNAL, ""
    signal.reviewed_by, signal.reviewed_at = by, timezone.now()
    signal.save(update_fields=["status", "approved_text", "reviewed_by", "reviewed_at"])
    return signal
