from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_rollup_triggers(sender, using="default", **kwargs):
    from .rollup import install_triggers

    install_triggers(using)


class ReportsConfig(AppConfig):
    name = "naast.reports"
    label = "reports"
    verbose_name = _("Monitoring and signalling reports")

    def ready(self):
        # After every migrate: the triggers that keep the monthly roll-up true (`rollup.py`).
        post_migrate.connect(_install_rollup_triggers, sender=self, dispatch_uid="reports_rollup_triggers")
