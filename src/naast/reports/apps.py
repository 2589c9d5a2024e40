from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, using="default", **kwargs):
    """What SQLite drops when a migration rebuilds the help requests' table, made again."""
    from . import indexes
    from .rollup import install_triggers

    indexes.ensure(using)
    install_triggers(using)


class ReportsConfig(AppConfig):
    name = "naast.reports"
    label = "reports"
    verbose_name = _("Monitoring and signalling reports")

    def ready(self):
        # After every migrate: the covering indexes (`indexes.py`) and the triggers that keep the
        # monthly roll-up true (`rollup.py`).
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="reports_after_migrate")
