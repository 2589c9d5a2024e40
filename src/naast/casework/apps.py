from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "naast.casework"
    label = "casework"
    verbose_name = _("Case work")

    def ready(self):
        from . import receivers

        receivers.connect()  # appointments follow when a supporter's assignment ends
