from django.utils.translation import gettext_lazy as _

from naast.core.extensions import MenuItem
from naast.privacy.policy import sees_client_data

ITEMS = [MenuItem("registry:list", _("Help requests"), sees_client_data, order=20)]
