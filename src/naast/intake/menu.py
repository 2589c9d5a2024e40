from django.utils.translation import gettext_lazy as _

from naast.core.extensions import MenuItem
from naast.privacy.policy import can_register_requests, sees_client_data

ITEMS = [
    MenuItem("intake:queue", _("Queue"), sees_client_data, order=10),
    MenuItem("intake:desk", _("Register"), can_register_requests, order=15),
]
