from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naast.core.admin import is_functional_admin as can_use_admin
from naast.core.extensions import MenuItem, Task

ITEMS = [
    MenuItem("core:dashboard", gettext_lazy("Overview"), lambda user: True, order=0),
    MenuItem("admin:index", gettext_lazy("Administration"), can_use_admin, order=99),
]


def admin_task(user) -> Task | None:
    """Functional administrator: the Django admin."""
    if not can_use_admin(user):
        return None
    return Task(_("Administration"), links=[{"url": reverse("admin:index"), "label": _("Open the administration")}],
                covers={"admin:index"}, order=90)


TASKS = [admin_task]
