from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "naast.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import checks, outbox  # noqa: F401 - registers the checks; connects the sending after each web response
        from .commands import use_hyphenated_command_names

        # `naast import-requests`, `call_command("import-requests")`: see naast/core/commands.py.
        use_hyphenated_command_names()
