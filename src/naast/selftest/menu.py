from django.utils.translation import gettext_lazy

from naast.core.extensions import MenuItem

from .selectors import can_read

ITEMS = [MenuItem("selftest:overview", gettext_lazy("Self-test"), can_read, order=62)]
