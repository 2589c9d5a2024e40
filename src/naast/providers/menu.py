from django.utils.translation import gettext_lazy

from naast.core.extensions import MenuItem

from .selectors import can_read

ITEMS = [MenuItem("providers:overview", gettext_lazy("Providers"), can_read, order=62)]
