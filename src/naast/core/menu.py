from django.utils.translation import gettext_lazy as _

from naast.core.extensions import MenuItem

ITEMS = [MenuItem("core:dashboard", _("Overview"), lambda user: True, order=0)]
