"""Acceptance: a request from the public form, the desk, e-mail (through the real IMAP server)
and the partner API all land in the same queue with the right channel."""

import json

import pytest

from naast.accounts.roles import Role
from naast.intake import services
from naast.intake.forms import sign_started
from naast.registry.models import HelpRequest

from .test_fetch_mail import make_message

pytestmark = pytest.mark.django_db


def test_every_channel_lands_in_one_queue(f, org, muni, client, dovecot, smtp_server, settings, tmp_path, fetch):
    settings.MEDIA_ROOT = tmp_path
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, **dovecot.settings()}
    # 1. the public form
    client.post("/hulp-vragen/", {
        "question": "Ik wil hulp bij mijn aanvraag.", "urgency": "regular", "for_whom": "self", "contact_way": "none",
        "preferred_language": "nl", "started": sign_started(), "submission_key": "four-channels-0001",
    })
    # 2. the desk
    desk = f.user(Role.DESK, org=org)
    client.force_login(desk)
    client.post("/staff/intake/", {"channel": "phone", "referrer": "self", "urgency": "urgent",
                                   "question": "Belde over schulden", "preferred_language": "nl",
                                   "confirm_new_client": "on"})
    client.logout()
    # 3. e-mail, delivered to the real mailbox and fetched over IMAP
    dovecot.append(make_message())
    fetch()
    # 4. the partner API
    _key, key = services.create_partner_key("Wmo-team Westerveld", referrer="municipality")
    response = client.post("/api/partner/referrals", data=json.dumps({"question": "Verwijzing na keukentafelgesprek",
                                                                      "municipality": muni.code}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201

    coordinator = f.user(Role.COORDINATOR, org=org)
    client.force_login(coordinator)
    page = client.get("/staff/queue/").content.decode()
    requests = {hr.channel: hr for hr in HelpRequest.objects.all()}
    assert set(requests) == {"web", "phone", "email", "partner"}
    for hr in requests.values():
        assert hr.reference in page
    for label in ["Formulier op de website", "Telefoon", "E-mail", "Aanmelding door een partner"]:
        assert label in page, label
    assert requests["partner"].referrer == "municipality"
    assert "4" in page.split("in de wachtrij")[0][-40:]
