"""An audit log a privacy officer can trust: registrations from every channel, corrections and refused
attempts are in it, and a change the form refused is not logged as a change."""

import json

import pytest

from naast.accounts.roles import Role
from naast.intake import services
from naast.privacy.models import AuditEvent
from naast.registry.models import Assignment

pytestmark = pytest.mark.django_db


def _rows(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def test_a_registration_from_every_channel_is_audited(f, org, muni, login):
    desk = f.user(Role.DESK, org=org)
    login(desk).post("/staff/intake/", {
        "channel": "phone", "referrer": "self", "urgency": "regular", "question": "Hulp bij de huur.",
        "name": "Piet", "preferred_language": "nl", "confirm_new_client": "on"})
    services.register_request(channel="web", question="Via het formulier.")
    services.register_request(channel="email", question="Via de mail.")
    _obj, key = services.create_partner_key("Huisartsenpraktijk Diever", referrer="gp")
    login(desk).logout()
    from django.test import Client

    Client().post("/api/partner/referrals", json.dumps({"question": "Verwijzing.", "municipality": muni.code}),
                  content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    created = _rows(action="create", reason="registration")
    assert [row.username for row in created] == [desk.username, "web form", "e-mail intake",
                                                 "partner API: Huisartsenpraktijk Diever"]
    assert all(row.object_label.startswith("HV-") for row in created)


def test_a_supporter_refused_a_request_is_audited_with_the_reason(f, org, login):
    stranger = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org)
    for url in (f"/staff/requests/{hr.reference}/", f"/staff/dossier/{hr.reference}/"):
        assert login(stranger).get(url).status_code == 403
    refused = _rows(action="refused")
    assert len(refused) == 2 and {row.reason for row in refused} == {"not assigned"}
    assert {row.object_label for row in refused} == {hr.reference}
    assert {row.username for row in refused} == {stranger.username}


def test_a_rejected_assignment_is_not_logged_as_a_change(f, org, login):
    coordinator = f.user(Role.COORDINATOR, org=org)
    hr = f.help_request(org=org)
    response = login(coordinator).post(f"/staff/queue/{hr.reference}/", {"action": "assign"})  # no supporter chosen
    assert response.status_code == 200 and not Assignment.objects.exists()
    rows = _rows(object_label=hr.reference)
    assert rows and not any(row.action == "change" for row in rows)
    assert any(row.reason.startswith("not saved") for row in rows)


def test_a_saved_change_is_logged_as_a_change(f, org, login):
    coordinator = f.user(Role.COORDINATOR, org=org)
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org)
    response = login(coordinator).post(f"/staff/queue/{hr.reference}/",
                                       {"action": "assign", "assign-supporters": [str(supporter.pk)]})
    assert response.status_code == 302 and Assignment.objects.filter(supporter=supporter).exists()
    assert any(row.action == "change" for row in _rows(object_label=hr.reference))


def test_the_privacy_officer_reads_refusals_and_registrations_in_words(f, org, login):
    stranger = f.user(Role.SUPPORTER, org=org)
    hr = services.register_request(channel="web", question="Formulier.").help_request
    login(stranger).get(f"/staff/requests/{hr.reference}/")
    page = login(f.user(Role.PRIVACY_OFFICER)).get("/staff/privacy/audit/").content.decode()
    assert "Geweigerd" in page and "Niet toegewezen aan deze hulpvraag" in page
    assert "Registratie" in page and "web form" in page
