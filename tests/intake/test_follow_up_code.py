"""A follow-up code a person can keep (issue 17): no look-alike characters, in groups, typed back
as people write or read it; old links keep working; the page states one status and the next step."""

import re

import pytest
from django.core import mail

from naast.intake import services
from naast.intake.models import IntakeDetails, hash_secret, new_follow_up_code, new_secret
from naast.registry import lifecycle
from naast.registry.choices import Status

from .test_public_form import URL, form_data

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}(-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}){3}$")


def _register():
    registration = services.register_request(
        channel="web", question="Vraag", resident=services.ResidentDetails(display_name="Truus", phone="0611111111"),
        contact_way="phone", follow_up_link=True,
    )
    return registration.help_request, registration.follow_up_token


def test_codes_have_no_look_alike_characters_and_come_in_groups():
    codes = [new_follow_up_code() for _ in range(200)]
    assert all(CODE.match(code) for code in codes)
    assert not set("".join(codes)) & set("01ILOU")
    assert len(set(codes)) == 200


def test_a_code_typed_as_read_out_opens_the_question(client):
    hr, code = _register()
    typed = code.replace("-", " ").lower()
    response = client.post("/hulp-vragen/volg/", {"code": typed})
    assert response.status_code == 302 and response.url == f"/hulp-vragen/volg/{code}/"
    assert hr.reference in client.get(response.url).content.decode()


def test_an_unknown_code_gets_a_clear_message(client):
    _register()
    page = client.post("/hulp-vragen/volg/", {"code": "KQ7M-4RTD-X9PA-WH3C"}).content.decode()
    assert "Deze code kennen we niet" in page


def test_an_old_follow_up_link_keeps_working(client):
    hr, _code = _register()
    old = new_secret()  # the links sent before the readable codes
    IntakeDetails.objects.filter(help_request=hr).update(follow_up_token_hash=hash_secret(old))
    assert client.get(f"/hulp-vragen/volg/{old}/").status_code == 200


def test_thanks_page_and_email_give_the_code(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(URL, form_data(contact_way="email", email="a@example.org", phone=""), follow=True)
    code = re.search(r'class="naast-code"[^>]*>([^<]+)<', page.content.decode()).group(1)
    assert CODE.match(code)
    assert f"typ uw volgcode: {code}" in mail.outbox[0].body


def test_closed_request_without_supporter_states_only_that_it_is_closed(client):
    hr, code = _register()
    with lifecycle.arbitrary_state():
        hr.status = Status.CLOSED
        hr.save()
    page = client.get(f"/hulp-vragen/volg/{code}/").content.decode()
    assert "Uw vraag is afgesloten" in page
    assert "We zoeken" not in page and "uiterlijk" not in page


def test_open_request_states_one_status_and_the_next_step(client):
    hr, code = _register()
    page = client.get(f"/hulp-vragen/volg/{code}/").content.decode()
    assert page.count("We zoeken een cliëntondersteuner voor u") == 1
    assert "Volgende stap: We nemen uiterlijk" in page and page.count("uiterlijk") == 1
    assert "Uw vraag is afgesloten" not in page


def test_a_letter_for_a_resident_without_email_carries_a_new_code_in_their_language(client, f, org):
    from naast.accounts.roles import Role
    from naast.privacy.models import AuditEvent

    registration = services.register_request(
        channel="web", question="Vraag", follow_up_link=True, contact_way="letter", address="Brink 1, 7981 AA Diever",
        resident=services.ResidentDetails(display_name="Mariam", preferred_language="ar"), organisation=org,
    )
    hr, first_code = registration.help_request, registration.follow_up_token
    client.force_login(f.user(Role.COORDINATOR, org=org))
    assert "Bevestigingsbrief" in client.get(f"/staff/requests/{hr.reference}/brief/").content.decode()
    page = client.post(f"/staff/requests/{hr.reference}/brief/").content.decode()
    assert '<html lang="nl"' in page and '<article class="naast-letter" lang="ar" dir="rtl">' in page
    assert "Mariam" in page and "Brink 1, 7981 AA Diever" in page and hr.reference in page
    code = page.split('class="naast-letter__code">')[1].split("<")[0]
    assert CODE.match(code) and code != first_code
    assert "رمز المتابعة الخاص بك" in page  # "Your follow-up code", in Arabic
    client.logout()
    assert client.get(f"/hulp-vragen/volg/{code}/").status_code == 200
    assert client.get(f"/hulp-vragen/volg/{first_code}/").status_code == 404  # the old code stops working
    assert AuditEvent.objects.filter(object_label=hr.reference, action="change").exists()


def test_who_may_only_read_a_request_cannot_stop_the_residents_link_with_a_new_letter(client, f, org):
    from naast.accounts.roles import Role
    from naast.privacy.models import AuditEvent

    registration = services.register_request(
        channel="web", question="Vraag", follow_up_link=True, contact_way="letter", address="Brink 1, 7981 AA Diever",
        resident=services.ResidentDetails(display_name="Mariam"), organisation=org,
    )
    hr, code = registration.help_request, registration.follow_up_token
    with lifecycle.arbitrary_state():
        hr.status = Status.ASSIGNED  # the desk may still read it, no longer change it
        hr.save()
    client.force_login(f.user(Role.DESK, org=org))
    assert client.get(f"/staff/requests/{hr.reference}/brief/").status_code == 200
    assert client.post(f"/staff/requests/{hr.reference}/brief/").status_code == 403
    assert AuditEvent.objects.filter(object_label=hr.reference, action="refused").exists()
    client.logout()
    assert client.get(f"/hulp-vragen/volg/{code}/").status_code == 200  # the resident's link still works
