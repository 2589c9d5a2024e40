from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from naast.core.extensions import Figure, MenuItem, Task

from .policy import can_erase_clients, can_export_client_data, can_read_audit_log

ITEMS = [
    MenuItem("privacy:audit_log", gettext_lazy("Audit log"), can_read_audit_log, order=90),
    MenuItem("privacy:client_export", gettext_lazy("Right of access"), can_export_client_data, order=91),
    MenuItem("privacy:erasure", gettext_lazy("Erase a resident"), can_erase_clients, order=92),
    MenuItem("privacy:legal_holds", gettext_lazy("Legal holds"), can_erase_clients, order=93),
]


def audit_task(user) -> Task | None:
    """Privacy officer: the audit log, today's number of events (one count) and, when the last check
    of the hash chain found a break, that first."""
    from .selectors import audit_events

    if not can_read_audit_log(user):
        return None
    from .models import AuditVerification

    today = timezone.localdate()
    events = audit_events(date_from=today, date_to=today).count()
    url = reverse("privacy:audit_log")
    today_url = f"{url}?{urlencode({'date_from': today.isoformat(), 'date_to': today.isoformat()})}"
    figures = [Figure(ngettext("%(n)s event today", "%(n)s events today", events) % {"n": events}, today_url, events)]
    last_check = AuditVerification.objects.only("ok").first()
    if last_check is not None and not last_check.ok:  # the stored result of the last check: no walk here
        figures.insert(0, Figure(_("The audit log's chain is broken"), f"{url}#chain-heading", 1))
    return Task(
        _("Audit log"),
        figures,
        [{"url": url, "label": _("Open the audit log")},
         {"url": reverse("privacy:client_export"), "label": _("Export a resident's data (right of access)")},
         {"url": reverse("privacy:erasure"), "label": _("Erase a resident")},
         {"url": reverse("privacy:legal_holds"), "label": _("Legal holds")}],
        covers={"privacy:audit_log", "privacy:client_export", "privacy:erasure", "privacy:legal_holds"},
        order=50,
    )


TASKS = [audit_task]
