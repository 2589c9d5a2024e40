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
