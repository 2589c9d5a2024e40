"""The resident card (`/staff/inwoner/<number>/`): one page per resident with all their requests,
supporters, contact details, languages, contact preference and consents, need-to-know and audited
like a case file (issue: "there is no page per resident")."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from naast.accounts.roles import Role
from naast.casework import services as casework
from naast.intake import services as intake
from naast.privacy.models import AuditEvent
from naast.registry.models import Assignment
from tests.socialmap import factories as map_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def noor(f, org, other_org, muni):
    """Noor has two requests with organisation A (one closed, with an earlier supporter) and one with
    organisation B."""
    first = intake.register_request(
        channel="phone", question="Brief van de belasting.", municipality=muni, organisation=org,
        received_at=timezone.now() - timedelta(days=400), contact_way="email",
        resident=intake.ResidentDetails(display_name="Noor H.", phone="0612345678", email="noor@example.org",
                                        postcode="7991AA", preferred_language="ar"),
    ).help_request
    client = first.client
    earlier = f.user(Role.SUPPORTER, org=org, username="earlier", first_name="Els", last_name="Eerder")
    Assignment.objects.create(help_request=first, supporter=earlier, ended_at=timezone.now() - timedelta(days=300))
    current = f.user(Role.SUPPORTER, org=org, username="current", first_name="Chris", last_name="Nu")
    second = f.help_request(org=org, client=client, municipality=muni, supporter=current, status="in_progress")
    elsewhere = f.help_request(org=other_org, client=client, municipality=muni, status="in_progress")
    return {"client": client, "first": first, "second": second, "elsewhere": elsewhere, "current": current,
            "earlier": earlier}


def card_url(client):
    return reverse("intake:resident", args=[client.pk])


def test_the_coordinator_sees_all_requests_of_their_organisation_with_supporters(f, org, noor, login):
    coordinator = f.user(Role.COORDINATOR, org=org)
    page = login(coordinator).get(card_url(noor["client"])).content.decode()
    assert "Noor H." in page and "0612345678" in page and "noor@example.org" in page and "7991AA" in page
    assert noor["first"].reference in page and noor["second"].reference in page
    assert "Els Eerder" in page and "Chris Nu" in page  # the earlier supporter too, with the end date
    assert "Arabisch" in page  # the language, as staff read it
    assert "Per e-mail" in page  # how they like to be contacted
    assert any(reverse("intake:correct_request", args=[hr.reference]) in page for hr in (noor["first"], noor["second"]))
    # The request with another organisation is left out without a word (show less).
    assert noor["elsewhere"].reference not in page


def test_the_card_is_audited_per_client_and_per_request_shown(f, org, noor, login):
    coordinator = f.user(Role.COORDINATOR, org=org)
    login(coordinator).get(card_url(noor["client"]))
    rows = AuditEvent.objects.filter(user=coordinator, action="read")
    assert rows.filter(object_type="registry.client", client_id=noor["client"].pk, reason="resident card").exists()
    assert set(rows.filter(object_type="registry.helprequest").values_list("object_label", flat=True)) == {
        noor["first"].reference, noor["second"].reference}


def test_a_supporter_sees_the_card_through_their_request_only(noor, login):
    page = login(noor["current"]).get(card_url(noor["client"])).content.decode()
    assert noor["second"].reference in page
    assert noor["first"].reference not in page and noor["elsewhere"].reference not in page


def test_who_has_no_request_of_the_resident_is_refused_and_the_refusal_audited(f, org, other_org, muni, noor, login):
    lonely = f.client("Piet")
    f.help_request(org=other_org, client=lonely, municipality=muni)
    for user in (f.user(Role.COORDINATOR, org=org), f.user(Role.DESK, org=org),
                 noor["earlier"],  # the assignment ended: no longer need-to-know
                 f.user(Role.FUNDER, muni=muni), f.user(Role.PRIVACY_OFFICER)):
        client = login(user)
        target = noor["client"] if user == noor["earlier"] else lonely
        response = client.get(card_url(target))
        assert response.status_code == 403, user
        assert AuditEvent.objects.filter(user=user, action="refused").exists()
        assert not AuditEvent.objects.filter(user=user, action="read").exists()


def test_an_unknown_number_is_404_not_500(f, org, login):
    client = login(f.user(Role.COORDINATOR, org=org))
    assert client.get("/staff/inwoner/999999/").status_code == 404
    assert client.get("/staff/inwoner/abc/").status_code == 404


def test_consents_show_from_case_files_the_viewer_may_open(f, org, noor, login):
    service = map_factories.service("Schuldhulp Westerveld")
    casework.refer(noor["second"], by=noor["current"], service=service, kind="warm", shares_personal_data=True,
                   consent_given=True, consent_form="verbal")
    page = login(noor["current"]).get(card_url(noor["client"])).content.decode()
    assert "Toestemming" in page and "Schuldhulp Westerveld" in page
    desk = f.user(Role.DESK, org=org)
    page = login(desk).get(card_url(noor["client"])).content.decode()
    assert "Schuldhulp Westerveld" not in page  # the desk opens no case file


def test_the_request_page_links_to_the_card(f, org, noor, login):
    page = login(f.user(Role.COORDINATOR, org=org)).get(
        reverse("intake:request", args=[noor["second"].reference])).content.decode()
    assert card_url(noor["client"]) in page
