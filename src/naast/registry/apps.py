from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "naast.registry"
    label = "registry"
    verbose_name = _("Registry of help requests")

    def ready(self):
        from . import life_domains

        life_domains.connect()  # HelpRequest.life_domain_key follows every change of the links
