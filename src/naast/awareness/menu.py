from django.utils.translation import gettext_lazy

from naast.core.extensions import MenuItem

from .views import can_read

ITEMS = [MenuItem("awareness:report", gettext_lazy("Awareness"), can_read, order=64)]
