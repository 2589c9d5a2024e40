from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "naast.accounts"
    label = "accounts"
    verbose_name = _("Staff and roles")

    def ready(self):
        from . import checks  # noqa: F401 - registers `naast check`'s independence check
