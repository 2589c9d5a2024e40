"""Staff login: works in both languages, validates passwords, throttles guessing, expires sessions."""

import pytest
from django.conf import settings

from naast.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_login_page_in_dutch_by_default(client):
    page = client.get("/staff/login/")
    assert page.status_code == 200
    assert "Inloggen voor medewerkers" in page.content.decode()
    assert 'lang="nl"' in page.content.decode()


def test_login_page_in_english_after_switching(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/staff/login/"})
    page = client.get("/staff/login/")
    assert "Staff login" in page.content.decode()
    assert 'lang="en"' in page.content.decode()


def test_login_and_logout(client, f, org):
    f.user(Role.COORDINATOR, org=org, username="erik")
    response = client.post("/staff/login/", {"username": "erik", "password": "Test-password-1234"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert "Welkom" in client.get("/staff/").content.decode()
    client.post("/staff/logout/")
    assert client.get("/staff/")["Location"].startswith("/staff/login/")


def test_wrong_password_gets_a_clear_message(client, f, org):
    f.user(Role.DESK, org=org, username="sanne")
    page = client.post("/staff/login/", {"username": "sanne", "password": "wrong"})
    assert page.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in page.content.decode()


def test_repeated_failures_lock_the_account(client, f, org, settings):
    settings.AXES_ENABLED = True
    f.user(Role.DESK, org=org, username="sanne")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/staff/login/", {"username": "sanne", "password": "wrong"})
    page = client.post("/staff/login/", {"username": "sanne", "password": "Test-password-1234"})
    assert page.status_code == 429
    assert "Te veel inlogpogingen" in page.content.decode()


def test_logging_out_says_so_on_the_login_page(client, f, org):
    f.user(Role.COORDINATOR, org=org, username="erik")
    client.post("/staff/login/", {"username": "erik", "password": "Test-password-1234"})
    page = client.post("/staff/logout/", follow=True)
    assert page.redirect_chain[-1][0] == "/staff/login/"
    assert "U bent uitgelogd." in page.content.decode()
    assert "U bent uitgelogd." not in client.get("/staff/login/").content.decode()  # said once


def test_logging_out_says_so_in_english(client, f, org):
    f.user(Role.COORDINATOR, org=org, username="erik")
    client.post("/i18n/setlang/", {"language": "en", "next": "/staff/login/"})
    client.post("/staff/login/", {"username": "erik", "password": "Test-password-1234"})
    assert "You are logged out." in client.post("/staff/logout/", follow=True).content.decode()


def test_the_last_attempts_before_the_lockout_are_announced(client, f, org, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = 15 / 60
    f.user(Role.DESK, org=org, username="sanne")

    def attempt():
        return client.post("/staff/login/", {"username": "sanne", "password": "wrong"}).content.decode()

    for _ in range(2):
        page = attempt()
        assert "Voer een juiste gebruikersnaam en wachtwoord in" in page and "Nog " not in page
    third = attempt()
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in third
    assert "Nog 2 pogingen; daarna is inloggen 15 minuten geblokkeerd." in third
    assert "Nog 1 poging; daarna is inloggen 15 minuten geblokkeerd." in attempt()
    locked = client.post("/staff/login/", {"username": "sanne", "password": "wrong"})
    assert locked.status_code == 429 and "Probeer het over 15 minuten opnieuw" in locked.content.decode()


def test_the_lockout_page_takes_its_waiting_time_from_the_settings(client, f, org, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.5  # hours
    f.user(Role.DESK, org=org, username="sanne")
    first = client.post("/staff/login/", {"username": "sanne", "password": "wrong"}).content.decode()
    assert "Nog 2 pogingen; daarna is inloggen 30 minuten geblokkeerd." in first
    second = client.post("/staff/login/", {"username": "sanne", "password": "wrong"}).content.decode()
    assert "Nog 1 poging; daarna is inloggen 30 minuten geblokkeerd." in second
    client.post("/staff/login/", {"username": "sanne", "password": "wrong"})
    page = client.post("/staff/login/", {"username": "sanne", "password": "Test-password-1234"})
    assert page.status_code == 429
    html = page.content.decode()
    assert "Probeer het over 30 minuten opnieuw" in html and "15 minuten" not in html


def test_the_attempts_warning_in_english(client, f, org, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = 1 / 60
    f.user(Role.DESK, org=org, username="sanne")
    client.post("/i18n/setlang/", {"language": "en", "next": "/staff/login/"})
    page = client.post("/staff/login/", {"username": "sanne", "password": "wrong"}).content.decode()
    assert "1 more attempt; after that, logging in is blocked for 1 minute." in page
    locked = client.post("/staff/login/", {"username": "sanne", "password": "wrong"}).content.decode()
    assert "Try again in 1 minute, or ask your administrator." in locked


def test_sessions_expire(client, f, org):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    f.user(Role.DESK, org=org, username="sanne")
    client.post("/staff/login/", {"username": "sanne", "password": "Test-password-1234"})
    assert client.get("/staff/").status_code == 200
    session = Session.objects.get()
    assert session.expire_date <= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/staff/")["Location"].startswith("/staff/login/")


def test_password_validators_reject_weak_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")


PROXY = {"REMOTE_ADDR": "10.20.30.40"}


def test_behind_the_proxy_a_lockout_locks_the_guesser_not_every_colleague(client, f, org, settings):
    """Behind the TLS proxy every login comes from the proxy's address; axes counts failures for the
    address behind it (naast.core.clientaddress), so one person's typos lock only them."""
    settings.AXES_ENABLED = True
    settings.NAAST = {**settings.NAAST, "TRUSTED_PROXIES": ["10.20.30.40"]}
    f.user(Role.DESK, org=org, username="sanne")
    guesser = {**PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/staff/login/", {"username": "sanne", "password": "wrong"}, **guesser)
    assert client.post("/staff/login/", {"username": "sanne", "password": "Test-password-1234"},
                       **guesser).status_code == 429
    from django.test import Client

    at_her_desk = Client().post("/staff/login/", {"username": "sanne", "password": "Test-password-1234"},
                                **PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert at_her_desk.status_code == 302


def test_a_forwarded_for_header_from_elsewhere_does_not_escape_the_lockout(client, f, org, settings):
    settings.AXES_ENABLED = True
    settings.NAAST = {**settings.NAAST, "TRUSTED_PROXIES": ["10.20.30.40"]}
    f.user(Role.DESK, org=org, username="sanne")
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post("/staff/login/", {"username": "sanne", "password": "wrong"},
                    REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    page = client.post("/staff/login/", {"username": "sanne", "password": "Test-password-1234"},
                       REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert page.status_code == 429
