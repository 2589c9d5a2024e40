"""The register's pages: who may open what, editing with its history, the as-of view, the CSV
export (formula-safe), and the public page (404 unless the service publishes it)."""

import csv
import io

import pytest
from django.urls import reverse

from naast.accounts.roles import Role
from naast.providers import services
from naast.providers.models import Provision, ProvisionChange, Region

pytestmark = pytest.mark.django_db
READERS = {Role.FUNDER, Role.AUDITOR, Role.COORDINATOR, Role.ADMIN}
EDITORS = {Role.COORDINATOR, Role.ADMIN}


@pytest.fixture
def register(f):
    region = Region.objects.create(name="Drenthe")
    meppel = services.register_municipality("GM0119", "Meppel", region=region)
    wolden = services.register_municipality("GM1690", "De Wolden", region=region)
    base = {"parent_group": "", "parent_provides_care": False}
    services.upsert(meppel, {**base, "provider": "Noorderboog", "provider_type": "care_provider",
                             "phone": "0522 123 456"})
    services.upsert(wolden, {**base, "provider": "=HYPERLINK(\"http://x.example\")", "provider_type": "client_support",
                             "phone": "0528 123 456"})
    return region


def user_with(f, role, **kw):
    org = f.organisation("MEE Test") if role in (Role.DESK, Role.SUPPORTER, Role.COORDINATOR) else None
    muni = f.municipality("GM1701", "Westerveld") if role == Role.FUNDER else None
    return f.user(role, org=org, muni=muni, **kw)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_what_it_may(role, f, client, register):
    client.force_login(user_with(f, role))
    provision = Provision.objects.first()
    for name, args, allowed in [("providers:overview", [], READERS), ("providers:export", [], READERS),
                                ("providers:history", [], READERS), ("providers:add", [], EDITORS),
                                ("providers:edit", [provision.pk], EDITORS)]:
        status = client.get(reverse(name, args=args)).status_code
        assert status == (200 if role in allowed else 403), (name, role, status)
    response = client.post(reverse("providers:edit", args=[provision.pk]), {"delete": "1", "confirm": "1"})
    assert Provision.objects.filter(pk=provision.pk).exists() == (role not in EDITORS)
    assert response.status_code == (302 if role in EDITORS else 403)


def test_anonymous_visitors_go_to_the_login(client, register):
    response = client.get(reverse("providers:overview"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_overview_shows_flags_with_reasons_and_access_routes(f, client, register):
    client.force_login(user_with(f, Role.FUNDER))
    page = client.get(reverse("providers:overview"), {"regio": register.pk}).content.decode()
    assert "2 gemeenten, 1 met een signaal." in page
    assert "Noorderboog is een zorgaanbieder" in page
    assert 'href="tel:0522 123 456"' in page
    assert reverse("providers:add") not in page  # a funder reads, does not edit


def test_editing_writes_history_and_the_past_stays_visible(f, client, register):
    coordinator = user_with(f, Role.COORDINATOR, username="coordinator")
    client.force_login(coordinator)
    provision = Provision.objects.get(provider="Noorderboog")
    data = {"municipality_code": "GM0119", "provider": "Noorderboog", "provider_type": "welfare",
            "parent_group": "Zorggroep Noorderboog", "parent_provides_care": "on", "phone": "0522 123 456"}
    response = client.post(reverse("providers:edit", args=[provision.pk]), data, follow=True)
    assert "Noorderboog is opgeslagen voor Meppel." in response.content.decode()
    change = ProvisionChange.objects.first()
    assert (change.action, change.changed_by_name) == ("changed", "coordinator")
    assert "soort: Zorgaanbieder → Welzijnsorganisatie" in change.summary
    page = client.get(reverse("providers:overview")).content.decode()
    assert "Noorderboog hoort bij Zorggroep Noorderboog, een groep die ook zorg levert." in page
    history = client.get(reverse("providers:history")).content.decode()
    assert "coordinator" in history and "Zorggroep Noorderboog" in history


def test_bad_input_is_refused_with_a_message_and_nothing_saved(f, client, register):
    client.force_login(user_with(f, Role.ADMIN))
    before = ProvisionChange.objects.count()
    for data, message in [
        ({"provider": "noorderboog", "provider_type": "welfare", "phone": ""}, "staat al in het register"),
        ({"provider": "MEE", "provider_type": "welfare", "phone": "12345"}, "geldig telefoonnummer"),
        ({"provider": "MEE", "provider_type": "welfare", "phone": "", "parent_provides_care": "on"},
         "Noem de groep die zorg levert."),
        ({"provider": "MEE", "provider_type": "hospital", "phone": ""}, "geldige keuze"),
    ]:
        response = client.post(reverse("providers:add"), {"municipality_code": "GM0119", **data})
        assert response.status_code == 200 and message in response.content.decode(), message
    assert ProvisionChange.objects.count() == before


def test_a_served_municipality_can_be_chosen_before_it_is_in_the_register(f, client, register):
    f.municipality("GM1701", "Westerveld")
    client.force_login(user_with(f, Role.COORDINATOR))
    assert 'value="GM1701"' in client.get(reverse("providers:add")).content.decode()
    client.post(reverse("providers:add"), {"municipality_code": "GM1701", "provider": "MEE Drenthe",
                                           "provider_type": "client_support", "phone": ""})
    assert Provision.objects.get(provider="MEE Drenthe").municipality.name == "Westerveld"
    response = client.post(reverse("providers:add"), {"municipality_code": "GM9999", "provider": "X",
                                                      "provider_type": "welfare", "phone": ""})
    assert response.status_code == 200 and not Provision.objects.filter(provider="X").exists()


def test_removing_asks_first(f, client, register):
    client.force_login(user_with(f, Role.COORDINATOR))
    provision = Provision.objects.get(provider="Noorderboog")
    response = client.post(reverse("providers:edit", args=[provision.pk]), {"delete": "1"})
    assert "Ja, verwijderen" in response.content.decode() and Provision.objects.filter(pk=provision.pk).exists()
    client.post(reverse("providers:edit", args=[provision.pk]), {"delete": "1", "confirm": "1"})
    assert not Provision.objects.filter(pk=provision.pk).exists()
    assert ProvisionChange.objects.first().action == "removed"


def test_the_as_of_page_and_a_future_date(f, client, register):
    client.force_login(user_with(f, Role.AUDITOR))
    ProvisionChange.objects.update(changed_at="2025-05-01T10:00:00+02:00")
    page = client.get(reverse("providers:overview"), {"regio": register.pk, "peildatum": "2025-04-30"})
    assert "Geen aanbieder bekend" in page.content.decode() and "Noorderboog" not in page.content.decode()
    page = client.get(reverse("providers:overview"), {"regio": register.pk, "peildatum": "2025-05-01"})
    assert "Noorderboog is een zorgaanbieder" in page.content.decode()
    page = client.get(reverse("providers:overview"), {"peildatum": "2999-01-01"})
    assert page.status_code == 200 and "Kies vandaag of een datum in het verleden." in page.content.decode()
    page = client.get(reverse("providers:overview"), {"peildatum": "gisteren", "regio": "x"})
    assert page.status_code == 200


def test_the_export_is_the_overview_and_never_a_formula(f, client, register):
    client.force_login(user_with(f, Role.COORDINATOR))
    response = client.get(reverse("providers:export"), {"regio": register.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:7] == ["municipality_code", "municipality_name", "provider", "provider_type", "parent_group",
                           "parent_provides_care", "phone"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["De Wolden"][2].startswith("'=HYPERLINK")
    assert by_name["Meppel"][8] == "yes" and "zorgaanbieder" in by_name["Meppel"][9]


def test_the_public_page_is_off_by_default(client, register, settings):
    assert client.get(reverse("providers:public")).status_code == 404
    settings.NAAST_PUBLIC_PROVIDER_REGISTER = True
    page = client.get(reverse("providers:public"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Noorderboog is een zorgaanbieder" in text and "De Wolden" in text
    assert "GM0119" not in text and reverse("providers:edit", args=[1]) not in text


def test_hostile_query_strings_get_a_page_not_an_error(f, client, register, settings):
    client.force_login(user_with(f, Role.COORDINATOR))
    for query in [{"regio": "9" * 30}, {"regio": "-1"}, {"peildatum": "2025-02-30"}, {"peildatum": "\x00"},
                  {"regio": "\x00"}]:
        assert client.get(reverse("providers:overview"), query).status_code == 200, query
        assert client.get(reverse("providers:export"), query).status_code == 200, query
    assert client.get(reverse("providers:history"), {"regio": "9" * 30}).status_code == 200
    assert client.get(reverse("providers:edit", args=[10 ** 15])).status_code == 404
    settings.NAAST_PUBLIC_PROVIDER_REGISTER = True
    assert client.get(reverse("providers:public"), {"regio": "9" * 30}).status_code == 200
    response = client.post(reverse("providers:add"), {"municipality_code": "GM0119", "provider": "MEE\x00",
                                                      "provider_type": "welfare", "phone": ""})
    assert response.status_code == 200 and not Provision.objects.filter(provider__startswith="MEE").exists()
