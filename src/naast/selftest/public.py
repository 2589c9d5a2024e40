from django.utils.translation import gettext_lazy as _

from naast.core.extensions import PublicLink

LINKS = [
    PublicLink("selftest:information", _("What is client support?"),
               _("Free and independent help. You may bring someone along. Read how it works."), order=20),
]
