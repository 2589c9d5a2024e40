from django.utils.translation import gettext_lazy as _

from naast.core.extensions import PublicLink

LINKS = [
    PublicLink(
        "intake:request_help",
        _("Ask for help"),
        _("Tell us your question in your own words. A client supporter will contact you. It is free."),
        order=10,
    )
]
