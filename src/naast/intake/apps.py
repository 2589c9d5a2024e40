from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "naast.intake"
    label = "intake"
    verbose_name = _("Front door: intake, triage and assignment")
