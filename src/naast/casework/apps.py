from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "naast.casework"
    label = "casework"
    verbose_name = _("Case work")

    def ready(self):
        from django.apps import apps

        if apps.is_installed("naast.reports"):
            # Case work's sections of the monitor report replace the reports app's placeholders.
            from . import reports  # noqa: F401
