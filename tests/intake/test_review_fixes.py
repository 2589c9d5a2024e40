"""Faults found by walking the front door on the demo: a resident who will call us is told so,
the desk loses nothing it typed, one message per field, choices kept after an error."""

import pytest

from naast.accounts.roles import Role
from naast.organisations.models import ServiceProfile
from naast.registry.models import Client, HelpRequest

from .factories import supporter, web_request
from .test_public_form import URL as FORM
from .test_public_form import form_data

pytestmark = pytest.mark.django_db
DESK = "/staff/intake/"


def test_a_resident_who_will_call_us_is_asked_to_and_the_coordinator_sees_it(client, f, org, login):
    profile = ServiceProfile.get()
    response = client.post(FORM, form_data(contact_way="none", phone="", preferred_language="ar"), follow=True)
    page = response.content.decode()
    assert "U neemt zelf contact met ons op" in page and profile.phone in page
    assert "We nemen uiterlijk" not in page
    follow_up = page.split("/hulp-vragen/volg/")[1].split('"')[0]
    status = client.get(f"/hulp-vragen/volg/{follow_up}").content.decode()
    assert "Bel ons uiterlijk" in status
    hr = HelpRequest.objects.get()
    triage = login(f.user(Role.COORDINATOR, org=org)).get(f"/staff/queue/{hr.reference}/").content.decode()
    assert "De inwoner neemt zelf contact op" in triage and "Arabisch" in triage


def test_a_badly_typed_phone_number_gets_one_message(client):
    page = client.post(FORM, form_data(phone="0612")).content.decode()
    error = page.split('id="id_phone_error"')[1].split("</div>")[0]
    assert "zoals 06 12345678" in error and "of kies een andere manier" not in error
    assert "Telefoonnummer <span" not in page.split('for="id_phone"')[1].split("</label>")[0]  # not "(optional)"


def test_filters_are_not_each_marked_optional(f, org, login):
    page = login(f.user(Role.COORDINATOR, org=org)).get("/staff/queue/").content.decode()
    assert "niet verplicht" not in page


def test_the_desk_links_a_likely_duplicate_without_losing_the_typed_request(f, org, login):
    known = f.client("Bram", phone="0612345678")
    client = login(f.user(Role.DESK, org=org))
    typed = {"channel": "desk", "referrer": "gp", "urgency": "urgent", "question": "Brief van de gemeente over Wmo",
             "preferred_language": "nl", "name": "Bram", "phone": "06-12345678"}
    page = client.post(DESK, typed).content.decode()
    assert f'name="use_client" value="{known.pk}"' in page and 'form="desk-request"' in page
    client.post(DESK, {**typed, "use_client": known.pk})
    hr = HelpRequest.objects.get()
    assert hr.client == known and hr.question == "Brief van de gemeente over Wmo" and hr.urgency == "urgent"
    assert hr.channel == "desk" and Client.objects.count() == 1


def test_after_a_quick_log_error_the_desk_forms_still_go_to_the_desk(f, org, login):
    client = login(f.user(Role.DESK, org=org))
    page = client.post("/staff/intake/quick-log/", {"channel": "phone"}).content.decode()
    assert 'action="/staff/intake/" role="search"' in page
    assert 'action="/staff/intake/" id="desk-request"' in page


def test_chosen_supporters_stay_ticked_after_an_error(org, f, login):
    a, b, c = (supporter(org, first_name=n) for n in ("Anouk", "Lotte", "Sem"))
    hr = web_request()
    client = login(f.user(Role.COORDINATOR, org=org))
    page = client.post(f"/staff/queue/{hr.reference}/", {"action": "assign",
                                                         "assign-supporters": [a.pk, b.pk, c.pk]}).content.decode()
    assert "hoogstens twee" in page
    for s in (a, b, c):
        assert f'value="{s.pk}" id="sup-{s.pk}" checked' in page


def test_the_staff_form_for_another_supporter_speaks_to_staff(org, f, login):
    from naast.intake import services

    hr = web_request()
    coordinator = f.user(Role.COORDINATOR, org=org)
    services.assign(hr, [supporter(org, first_name="Anouk")], by=coordinator)
    page = login(coordinator).get(f"/staff/queue/{hr.reference}/").content.decode()
    assert "Waarom wil de inwoner een andere ondersteuner?" in page
    assert "Waarom wilt u een andere ondersteuner?" not in page
