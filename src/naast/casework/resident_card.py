"""Case work's part of the resident card (`naast.core.extensions.resident_card_sections`): the
consents the resident gave to share personal data with a receiving organisation, with the
referral's status now (Naast records no separate withdrawal of a consent yet). Only from requests whose case file the viewer may open."""

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from naast.core.extensions import CardSection

from .models import Referral


def consents(client, case_file_requests):
    referrals = (Referral.objects.filter(help_request__in=case_file_requests, shares_personal_data=True)
                 .select_related("help_request").order_by("-consent_given_at", "-id"))
    rows = []
    for referral in referrals:
        rows.append([
            formats.date_format(referral.consent_given_at, "j F Y") if referral.consent_given_at else "—",
            " — ".join(filter(None, [referral.service_name, referral.organisation_name])),
            str(referral.get_consent_form_display() or "—"),
            str(referral.get_status_display()),
            referral.help_request.reference,
        ])
    return CardSection(
        key="consents", title=_("Consents to share personal data"),
        headers=[str(_("Recorded")), str(_("Shared with")), str(_("How given")), str(_("Referral status")),
                 str(_("Help request"))],
        rows=rows, empty=_("No consent recorded to share personal data (in the case files you may open)."),
        order=40,
    )


SECTIONS = [consents]
