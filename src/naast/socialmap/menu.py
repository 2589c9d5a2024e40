from django.utils.translation import gettext_lazy as _

from naast.core.extensions import MenuItem

from .permissions import can_edit_map, can_view_professional_map

ITEMS = [
    MenuItem("socialmap:staff_search", _("Social map"), can_view_professional_map, order=40),
    MenuItem("socialmap:todo", _("Map to check"), can_edit_map, order=41),
]
