"""Two-step login (TOTP): set it up with a real authenticator code, then it is asked at login. The
set-up page speaks of residents' personal data only to the roles that see it."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from naast.accounts.roles import Role

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def log_in(client, username="lotte"):
    return client.post("/staff/login/", {"username": username, "password": "Test-password-1234"})


@pytest.fixture
def supporter(f, org):
    return f.user(Role.SUPPORTER, org=org, username="lotte", first_name="Lotte")


def test_enrol_with_a_code_from_the_app(client, supporter):
    log_in(client)
    page = client.get("/staff/account/two-step/").content.decode()
    assert "<svg" in page and "Sleutel" in page
    device = TOTPDevice.objects.get(user=supporter, confirmed=False)
    wrong = client.post("/staff/account/two-step/", {"token": "000000" if current_code(device) != "000000" else "111111"})
    assert "Die code klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=supporter, confirmed=True).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    done = client.post("/staff/account/two-step/", {"token": current_code(device)}, follow=True)
    assert "Inloggen in twee stappen staat aan" in done.content.decode()
    assert TOTPDevice.objects.filter(user=supporter, confirmed=True).count() == 1


def test_login_asks_for_the_code_once_enrolled(client, supporter):
    device = TOTPDevice.objects.create(user=supporter, name="app", confirmed=True)
    response = log_in(client)
    assert client.get("/staff/").status_code == 302
    page = client.get("/staff/", follow=True)
    assert "Vul uw code in" in page.content.decode()
    assert client.get("/staff/requests/")["Location"].startswith("/staff/login/code/")
    short = client.post("/staff/login/code/", {"token": "12345", "next": "/staff/requests/"})
    assert "Vul de 6 cijfers uit uw app in." in short.content.decode()
    wrong = "000000" if current_code(device) != "000000" else "111111"
    bad = client.post("/staff/login/code/", {"token": wrong, "next": "/staff/requests/"})
    assert "Die code klopt niet" in bad.content.decode()
    # django-otp throttles guesses after a wrong code; a person waits a moment, the test resets it.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()
    ok = client.post("/staff/login/code/", {"token": current_code(device), "next": "/staff/requests/"})
    assert ok.status_code == 302 and ok["Location"] == "/staff/requests/"
    assert client.get("/staff/requests/").status_code == 200
    assert response.status_code == 302


def test_next_cannot_send_you_elsewhere(client, supporter):
    device = TOTPDevice.objects.create(user=supporter, name="app", confirmed=True)
    log_in(client)
    ok = client.post("/staff/login/code/", {"token": current_code(device), "next": "https://evil.example/"})
    assert ok["Location"] == "/staff/"


def test_required_two_step_login_sends_staff_to_set_it_up(client, supporter, settings):
    settings.NAAST = {**settings.NAAST, "REQUIRE_2FA": True}
    log_in(client)
    assert client.get("/staff/requests/")["Location"] == "/staff/account/two-step/"
    assert client.get("/staff/account/two-step/").status_code == 200


def test_staff_without_two_step_login_work_as_before(client, supporter):
    log_in(client)
    assert client.get("/staff/").status_code == 200
    assert re.search(r"Inloggen in twee stappen", client.get("/staff/").content.decode())


@pytest.mark.parametrize("typed", ["abcdef", "12345", "1234567", "12-34-56"])
def test_enrolment_asks_for_six_digits_when_something_else_is_typed(client, supporter, typed):
    log_in(client)
    client.get("/staff/account/two-step/")
    page = client.post("/staff/account/two-step/", {"token": typed}).content.decode()
    assert "Vul de 6 cijfers uit uw app in." in page
    assert "Die code klopt niet" not in page
    device = TOTPDevice.objects.get(user=supporter, confirmed=False)
    assert device.throttling_failure_count == 0  # a typing slip is not a wrong guess


def test_a_code_typed_with_a_space_is_accepted(client, supporter):
    log_in(client)
    client.get("/staff/account/two-step/")
    device = TOTPDevice.objects.get(user=supporter, confirmed=False)
    code = current_code(device)
    done = client.post("/staff/account/two-step/", {"token": f"{code[:3]} {code[3:]}"}, follow=True)
    assert "Inloggen in twee stappen staat aan" in done.content.decode()


@pytest.mark.parametrize("role", [Role.DESK, Role.SUPPORTER, Role.COORDINATOR])
def test_two_step_page_tells_casework_roles_they_see_personal_data(f, login, org, role):
    html = login(f.user(role, org=org)).get("/staff/account/two-step/").content.decode()
    assert "U ziet persoonlijke gegevens van inwoners." in html


@pytest.mark.parametrize("role", [Role.FUNDER, Role.AUDITOR, Role.ADMIN, Role.PRIVACY_OFFICER])
def test_two_step_page_does_not_claim_personal_data_for_other_roles(f, login, muni, role):
    html = login(f.user(role, muni=muni if role == Role.FUNDER else None)).get("/staff/account/two-step/")
    html = html.content.decode()
    assert "persoonlijke gegevens van inwoners" not in html
    assert "Bescherm uw account met een code uit een authenticator-app op uw telefoon" in html
