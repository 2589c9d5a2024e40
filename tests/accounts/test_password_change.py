"""Staff change their own password: in the staff layout, with the password rules, staying logged in."""

import pytest

from naast.accounts.roles import Role

pytestmark = pytest.mark.django_db

OLD = "Test-password-1234"
NEW = "Nieuw-wachtwoord-2026!"


@pytest.fixture
def erik(client, f, org):
    user = f.user(Role.COORDINATOR, org=org, username="erik")
    client.post("/staff/login/", {"username": "erik", "password": OLD})
    return user


def test_the_staff_menu_leads_to_the_password_page(client, erik):
    home = client.get("/staff/").content.decode()
    assert 'href="/staff/account/password/"' in home and "Wachtwoord wijzigen" in home
    page = client.get("/staff/account/password/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1 class=\"utrecht-heading-1\">Wachtwoord wijzigen</h1>" in html
    assert "Oud wachtwoord" in html and "Nieuw wachtwoord bevestigen" in html
    assert 'class="utrecht-textbox' in html  # Naast's field styling


def test_the_password_page_is_for_logged_in_staff_only(client):
    assert client.get("/staff/account/password/")["Location"].startswith("/staff/login/")


def test_changing_the_password_keeps_you_logged_in_and_confirms_it(client, erik):
    done = client.post(
        "/staff/account/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert done.redirect_chain[-1][0] == "/staff/account/password/changed/"
    assert "Uw wachtwoord is gewijzigd." in done.content.decode()
    assert client.get("/staff/").status_code == 200  # still logged in
    client.post("/staff/logout/")
    assert client.post("/staff/login/", {"username": "erik", "password": OLD}).status_code == 200  # refused
    assert client.post("/staff/login/", {"username": "erik", "password": NEW})["Location"] == "/staff/"


def test_a_wrong_current_password_is_refused(client, erik):
    page = client.post("/staff/account/password/", {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Controleer het formulier." in html and "Uw oude wachtwoord is niet juist ingevoerd." in html
    erik.refresh_from_db()
    assert erik.check_password(OLD)


def test_the_password_rules_apply_and_are_explained_in_dutch(client, erik):
    page = client.post(
        "/staff/account/password/", {"old_password": OLD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    html = page.content.decode()
    assert "Dit wachtwoord is te kort. De minimale lengte is 10 tekens." in html
    assert "Dit wachtwoord bevat alleen cijfers." in html
    mismatch = client.post(
        "/staff/account/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW + "x"}
    ).content.decode()
    assert "De twee wachtwoordvelden komen niet overeen." in mismatch
    erik.refresh_from_db()
    assert erik.check_password(OLD)


def test_the_password_page_in_english(client, erik):
    client.post("/i18n/setlang/", {"language": "en", "next": "/staff/"})
    assert "Change password" in client.get("/staff/account/password/").content.decode()
    done = client.post(
        "/staff/account/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "Your password has been changed." in done.content.decode()
