from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelftestConfig(AppConfig):
    name = "naast.selftest"
    label = "selftest"
    verbose_name = _("Self-test and public information")
