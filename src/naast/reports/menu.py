from django.utils.translation import gettext_lazy as _

from naast.core.extensions import MenuItem

from .selectors import can_see_reports

ITEMS = [MenuItem("reports:monitor", _("Reports"), can_see_reports, order=60)]
