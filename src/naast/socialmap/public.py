from django.utils.translation import gettext_lazy as _

from naast.core.extensions import PublicLink

LINKS = [
    PublicLink("socialmap:search", _("Find help near you"),
               _("Search the social map: help with money, care, housing, loneliness and more."), order=10),
]
