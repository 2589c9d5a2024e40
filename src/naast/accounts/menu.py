from django.utils.translation import gettext_lazy as _

from naast.core.extensions import MenuItem

ITEMS = [MenuItem("accounts:two_factor", _("Two-step login"), lambda user: True, order=95)]
