from django.utils.translation import gettext_lazy as _

from naast.core.extensions import MenuItem

ITEMS = [
    MenuItem("accounts:two_factor", _("Two-step login"), lambda user: True, order=95),
    MenuItem("accounts:password_change", _("Change password"), lambda user: True, order=96),
]
