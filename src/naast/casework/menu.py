from django.utils.translation import gettext_lazy as _

from naast.accounts.roles import Role
from naast.core.extensions import MenuItem


def _caseworker(user) -> bool:
    return user.has_role(Role.SUPPORTER, Role.COORDINATOR)


ITEMS = [
    MenuItem("casework:caseload", _("My caseload"), _caseworker, order=30),
    MenuItem("casework:case_meeting", _("Case meeting"), _caseworker, order=32),
    MenuItem("casework:calendar_settings", _("Calendar link"), lambda user: user.has_role(Role.SUPPORTER), order=34),
]
