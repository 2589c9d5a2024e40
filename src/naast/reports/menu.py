from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naast.accounts.roles import Role
from naast.core.extensions import MenuItem, Task

from .selectors import can_see_reports

ITEMS = [MenuItem("reports:monitor", gettext_lazy("Reports"), can_see_reports, order=60)]


def reports_task(user) -> Task | None:
    """Funders and auditors: their reports; aggregates only, so no numbers here."""
    if not user.has_role(Role.FUNDER, Role.AUDITOR) or not can_see_reports(user):
        return None
    return Task(_("Reports"), links=[{"url": reverse("reports:monitor"), "label": _("Open the reports")}],
                covers={"reports:monitor"}, order=40)


TASKS = [reports_task]
