from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from naast.accounts.roles import Role
from naast.core.extensions import Figure, MenuItem, Task
from naast.privacy.policy import (
    can_manage_queue,
    can_merge_clients,
    can_register_requests,
    sees_client_data,
    visible_help_requests,
)


def acts_on_queue(user) -> bool:
    """The queue is for who acts on it: the coordinator assigns, the desk follows up. A supporter's
    work is their own caseload ("My help requests"), so the queue link is not in their menu."""
    return sees_client_data(user) and user.has_role(Role.COORDINATOR, Role.DESK)


ITEMS = [
    MenuItem("intake:queue", gettext_lazy("Queue"), acts_on_queue, order=10),
    MenuItem("intake:desk", gettext_lazy("Register"), can_register_requests, order=15),
    MenuItem("intake:requests", gettext_lazy("Help requests"), sees_client_data, order=20),
    MenuItem("intake:duplicates", gettext_lazy("Registered twice"), can_merge_clients, order=22),
]


def queue_task(user) -> Task | None:
    """Coordinator: the queue's figures, from the queue's own aggregate (one query)."""
    from .selectors import queue

    if not can_manage_queue(user):
        return None
    _rows, counts = queue(user)
    url = reverse("intake:queue")
    return Task(
        _("The queue"),
        [
            Figure(ngettext("%(n)s help request late", "%(n)s help requests late", counts["overdue"])
                   % {"n": counts["overdue"]}, url, counts["overdue"]),
            Figure(ngettext("%(n)s due today", "%(n)s due today", counts["due_today"])
                   % {"n": counts["due_today"]}, url, counts["due_today"]),
            Figure(ngettext("%(n)s not assigned yet", "%(n)s not assigned yet", counts["unassigned"])
                   % {"n": counts["unassigned"]}, url, counts["unassigned"]),
        ],
        covers={"intake:queue"},
        order=10,
    )


def desk_task(user) -> Task | None:
    """Desk: register a request; how many the desk may see came in today (one count)."""
    from naast.registry.models import HelpRequest

    if not user.has_role(Role.DESK) or not can_register_requests(user):
        return None
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    received = visible_help_requests(user, HelpRequest.objects.filter(received_at__gte=start)).count()
    return Task(
        _("Front desk"),
        [Figure(ngettext("%(n)s help request received today", "%(n)s help requests received today", received)
                % {"n": received}, reverse("intake:requests"), received)],
        [{"url": reverse("intake:desk"), "label": _("Register a help request")}],
        covers={"intake:desk"},
        order=30,
    )


TASKS = [queue_task, desk_task]
