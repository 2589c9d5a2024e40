from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from naast.core.extensions import Figure, MenuItem, Task

from .permissions import can_edit_map, can_view_professional_map

ITEMS = [
    MenuItem("socialmap:staff_search", gettext_lazy("Social map"), can_view_professional_map, order=40),
    MenuItem("socialmap:todo", gettext_lazy("Map to check"), can_edit_map, order=41),
]


def todo_task(user) -> Task | None:
    """Whoever keeps the map up to date: the number of services due for a check (one count)."""
    from .selectors import stale_services

    if not can_edit_map(user):
        return None
    stale = stale_services().order_by().count()
    return Task(
        _("Social map"),
        [Figure(ngettext("%(n)s service on the social map to check", "%(n)s services on the social map to check",
                         stale) % {"n": stale}, reverse("socialmap:todo"), stale)],
        covers={"socialmap:todo"},
        order=60,
    )


TASKS = [todo_task]
